using AdaptiveEtl.Kit.Kernel;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

public sealed class KernelConnectionInfoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-connection-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "kernel.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Reads_a_jupyter_connection_file()
    {
        var info = KernelConnectionInfo.Load(Write("""
            {"shell_port": 50001, "iopub_port": 50002, "stdin_port": 50003, "control_port": 50004, "hb_port": 50005,
             "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "x"}
            """));
        Assert.Equal(50004, info.ControlPort);
        Assert.Equal("abc", info.Key);
        Assert.Equal("tcp://127.0.0.1:50001", info.Endpoint(info.ShellPort));
    }

    [Fact]
    public void A_missing_port_names_the_file_and_the_field()
    {
        var path = Write("""{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "key": "", "ip": "127.0.0.1"}""");
        var e = Assert.Throws<InvalidDataException>(() => KernelConnectionInfo.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("hb_port", e.Message);
    }

    [Fact]
    public void Unsupported_scheme_and_bad_json_are_rejected()
    {
        var scheme = Write("""{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k", "signature_scheme": "hmac-md5"}""");
        Assert.Contains("hmac-md5", Assert.Throws<InvalidDataException>(() => KernelConnectionInfo.Load(scheme)).Message);
        var broken = Write("{ not json");
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => KernelConnectionInfo.Load(broken)).Message);
        Assert.Throws<FileNotFoundException>(() => KernelConnectionInfo.Load(Path.Combine(_dir, "absent.json")));
    }
}
