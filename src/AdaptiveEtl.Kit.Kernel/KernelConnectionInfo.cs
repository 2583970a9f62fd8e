using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaptiveEtl.Kit.Kernel;

/// <summary>
/// The contents of a Jupyter connection file: where the kernel binds its five sockets and how messages are signed.
/// See https://jupyter-client.readthedocs.io/en/stable/kernels.html#connection-files.
/// </summary>
public sealed record KernelConnectionInfo
{
    /// <summary>ZeroMQ transport, <c>tcp</c> (or <c>ipc</c>).</summary>
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";

    /// <summary>The address to bind, e.g. <c>127.0.0.1</c>.</summary>
    [JsonPropertyName("ip")] public string IP { get; init; } = "127.0.0.1";

    /// <summary>Port of the shell channel (ROUTER).</summary>
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }

    /// <summary>Port of the IOPub channel (PUB).</summary>
    [JsonPropertyName("iopub_port")] public int IOPubPort { get; init; }

    /// <summary>Port of the stdin channel (ROUTER).</summary>
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }

    /// <summary>Port of the control channel (ROUTER).</summary>
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }

    /// <summary>Port of the heartbeat channel (REP, echoes every frame).</summary>
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }

    /// <summary>The HMAC key; an empty key disables signing (as Jupyter specifies).</summary>
    [JsonPropertyName("key")] public string Key { get; init; } = "";

    /// <summary>The signature scheme; only <c>hmac-sha256</c> is supported.</summary>
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";

    /// <summary>Reads and validates a connection file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not JSON, lacks a port or names an unsupported transport or scheme.</exception>
    public static KernelConnectionInfo Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Jupyter connection file '{path}' does not exist.", path);
        KernelConnectionInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<KernelConnectionInfo>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Jupyter connection file '{path}' is not valid JSON: {e.Message}", e);
        }
        if (info is null) throw new InvalidDataException($"Jupyter connection file '{path}' is empty (expected a JSON object).");
        info.Validate(path);
        return info;
    }

    /// <summary>The ZeroMQ endpoint for a port, e.g. <c>tcp://127.0.0.1:5555</c>.</summary>
    public string Endpoint(int port) => Transport == "ipc" ? $"ipc://{IP}-{port}" : $"{Transport}://{IP}:{port}";

    private void Validate(string path)
    {
        foreach (var (name, port) in new[] { ("shell_port", ShellPort), ("iopub_port", IOPubPort), ("stdin_port", StdinPort), ("control_port", ControlPort), ("hb_port", HeartbeatPort) })
        {
            if (port is <= 0 or > 65535) throw new InvalidDataException($"Jupyter connection file '{path}': '{name}' is {port}; expected a port number between 1 and 65535.");
        }
        if (Transport is not ("tcp" or "ipc")) throw new InvalidDataException($"Jupyter connection file '{path}': transport '{Transport}' is not supported (expected 'tcp' or 'ipc').");
        if (!string.IsNullOrEmpty(Key) && SignatureScheme != "hmac-sha256")
            throw new InvalidDataException($"Jupyter connection file '{path}': signature_scheme '{SignatureScheme}' is not supported (expected 'hmac-sha256').");
    }
}
