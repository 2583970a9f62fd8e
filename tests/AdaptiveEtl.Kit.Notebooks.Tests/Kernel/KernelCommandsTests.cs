using System.CommandLine;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Cli.Commands;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

/// <summary><c>kit kernel …</c> parsed and invoked in-process.</summary>
public sealed class KernelCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-kernel-cli-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly RootCommand _root = new() { KernelCommands.Create() };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private int Invoke(params string[] args) => _root.Parse(args).Invoke(new InvocationConfiguration { Output = _output, Error = _error });

    [Fact]
    public void Install_and_uninstall_with_a_prefix()
    {
        Assert.Equal(0, Invoke("kernel", "install", "--prefix", _dir, "--name", "cli-kernel"));
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "share", "jupyter", "kernels", "cli-kernel", "kernel.json")))!;
        Assert.Equal(["kernel", "start", "--connection-file", "{connection_file}"], spec["argv"]!.AsArray().Select(a => (string?)a).TakeLast(4));
        Assert.Contains("cli-kernel", _output.ToString());

        Assert.Equal(0, Invoke("kernel", "uninstall", "--prefix", _dir, "--name", "cli-kernel"));
        Assert.False(Directory.Exists(Path.Combine(_dir, "share", "jupyter", "kernels", "cli-kernel")));
        Assert.Equal(1, Invoke("kernel", "uninstall", "--prefix", _dir, "--name", "cli-kernel"));
        Assert.Contains("not installed", _error.ToString());
    }

    [Fact]
    public void Install_rejects_user_together_with_prefix()
    {
        var parse = _root.Parse(["kernel", "install", "--user", "--prefix", _dir]);
        Assert.Contains(parse.Errors, e => e.Message.Contains("mutually exclusive"));
    }

    [Fact]
    public void Start_with_a_bad_connection_file_fails_with_a_message_naming_it()
    {
        var missing = Path.Combine(_dir, "missing.json");
        Assert.Equal(2, Invoke("kernel", "start", "--connection-file", missing));
        Assert.Contains(missing, _error.ToString());

        var noPorts = Path.Combine(_dir, "no-ports.json");
        File.WriteAllText(noPorts, """{"ip": "127.0.0.1", "key": "k"}""");
        Assert.Equal(2, Invoke("kernel", "start", "--connection-file", noPorts));
        Assert.Contains("shell_port", _error.ToString());
    }
}
