using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Kernel.Messaging;

/// <summary>
/// One Jupyter message as it travels over a channel: the routing identities (ROUTER sockets), the four JSON parts and
/// any binary buffers.
/// </summary>
internal sealed class JupyterMessage
{
    /// <summary>ZeroMQ routing identities that precede the <c>&lt;IDS|MSG&gt;</c> delimiter.</summary>
    public IReadOnlyList<byte[]> Identities { get; init; } = [];

    /// <summary>The header: msg_id, session, username, date, msg_type, version.</summary>
    public JsonObject Header { get; init; } = new();

    /// <summary>The header of the request this message answers, or an empty object.</summary>
    public JsonObject ParentHeader { get; init; } = new();

    /// <summary>Free-form metadata.</summary>
    public JsonObject Metadata { get; init; } = new();

    /// <summary>The message body, specific to <see cref="MessageType"/>.</summary>
    public JsonObject Content { get; init; } = new();

    /// <summary>Extra binary frames after the content.</summary>
    public IReadOnlyList<byte[]> Buffers { get; init; } = [];

    /// <summary>The header's msg_type, e.g. <c>execute_request</c>.</summary>
    public string MessageType => Header["msg_type"]?.GetValue<string>() ?? "";

    /// <summary>The header's session id.</summary>
    public string Session => Header["session"]?.GetValue<string>() ?? "";

    /// <summary>Creates a message of <paramref name="messageType"/> in <paramref name="session"/> answering <paramref name="parent"/>.</summary>
    public static JupyterMessage Create(string messageType, JsonObject content, string session, JupyterMessage? parent, IReadOnlyList<byte[]>? identities = null)
    {
        var header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString("N"),
            ["session"] = session,
            ["username"] = parent?.Header["username"]?.GetValue<string>() ?? "kernel",
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["msg_type"] = messageType,
            ["version"] = KernelProtocol.Version,
        };
        return new JupyterMessage
        {
            Identities = identities ?? parent?.Identities ?? [],
            Header = header,
            ParentHeader = parent is null ? new JsonObject() : (JsonObject)parent.Header.DeepClone(),
            Content = content,
        };
    }

    /// <summary>String value of a content field, or <paramref name="fallback"/> when absent or not a string.</summary>
    public string ContentString(string name, string fallback = "") =>
        Content[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : fallback;

    /// <summary>Boolean value of a content field, or <paramref name="fallback"/> when absent.</summary>
    public bool ContentBool(string name, bool fallback) =>
        Content[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;

    /// <summary>Integer value of a content field, or <paramref name="fallback"/> when absent.</summary>
    public int ContentInt(string name, int fallback) =>
        Content[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : fallback;
}
