using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Kernel.Installation;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

public sealed class KernelSpecInstallerTests : IDisposable
{
    private static readonly string[] Argv = ["/opt/kit/kit", "kernel", "start", "--connection-file", "{connection_file}"];
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-kernelspec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Install_writes_kernel_json_with_message_interrupts_and_logos()
    {
        var kernels = Path.Combine(_dir, "kernels");
        var installed = KernelSpecInstaller.Install(kernels, Argv, "my-kernel", "My C#");

        Assert.Equal(Path.Combine(kernels, "my-kernel"), installed);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(installed, "kernel.json")))!;
        Assert.Equal(Argv, spec["argv"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("My C#", (string?)spec["display_name"]);
        Assert.Equal("C#", (string?)spec["language"]);
        Assert.Equal("message", (string?)spec["interrupt_mode"]);
        Assert.NotNull(spec["metadata"]);
        AssertPng(Path.Combine(installed, "logo-32x32.png"), 32);
        AssertPng(Path.Combine(installed, "logo-64x64.png"), 64);
        Assert.Equal(["my-kernel"], Directory.GetFileSystemEntries(kernels).Select(Path.GetFileName));
    }

    [Fact]
    public void Reinstall_replaces_the_earlier_spec_and_uninstall_removes_it()
    {
        var kernels = Path.Combine(_dir, "kernels");
        KernelSpecInstaller.Install(kernels, Argv, "k1", "First");
        File.WriteAllText(Path.Combine(kernels, "k1", "stale.txt"), "from the first install");
        KernelSpecInstaller.Install(kernels, Argv, "k1", "Second");

        Assert.False(File.Exists(Path.Combine(kernels, "k1", "stale.txt")));
        Assert.Equal("Second", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(kernels, "k1", "kernel.json")))!["display_name"]);
        Assert.Single(Directory.GetFileSystemEntries(kernels));

        Assert.Equal([Path.Combine(kernels, "k1")], KernelSpecInstaller.Uninstall("k1", [kernels]));
        Assert.Empty(KernelSpecInstaller.Uninstall("k1", [kernels]));
    }

    [Fact]
    public void Invalid_names_and_argv_without_the_connection_file_are_rejected()
    {
        Assert.Contains("not valid", Assert.Throws<ArgumentException>(() => KernelSpecInstaller.Install(_dir, Argv, "bad name/..")).Message);
        Assert.Contains("{connection_file}", Assert.Throws<ArgumentException>(() => KernelSpecInstaller.Install(_dir, ["kit", "kernel", "start"])).Message);
    }

    [Fact]
    public void Prefix_maps_to_share_jupyter_kernels()
    {
        Assert.Equal(Path.Combine(_dir, "share", "jupyter", "kernels"), KernelSpecInstaller.PrefixKernelsDirectory(_dir));
    }

    [Fact]
    public void Crc32_matches_zlib()
    {
        // Reference: /usr/bin/python3 -c "import zlib; print(hex(zlib.crc32(b'IEND')))"  ->  0xae426082
        Assert.Equal(0xAE426082u, PngEncoder.Crc32("IEND"u8, []));
    }

    [Fact]
    public void Repository_logos_are_the_rendered_logos()
    {
        foreach (var size in new[] { 32, 64 })
        {
            var file = Path.Combine(RepoPaths.Root, "src", "AdaptiveEtl.Kit.Kernel", "Resources", $"logo-{size}x{size}.png");
            Assert.Equal(KernelLogo.RenderPng(size), File.ReadAllBytes(file));
        }
    }

    /// <summary>Checks the PNG structure: signature, IHDR size and RGBA type, IDAT inflating to one filtered scanline per row, a transparent corner and an opaque centre.</summary>
    private static void AssertPng(string path, int size)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal(6, bytes[25]); // RGBA
        var idatLength = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(33));
        Assert.Equal("IDAT", System.Text.Encoding.ASCII.GetString(bytes, 37, 4));
        using var inflate = new ZLibStream(new MemoryStream(bytes, 41, idatLength), CompressionMode.Decompress);
        var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var pixels = raw.ToArray();
        Assert.Equal(size * (1 + 4 * size), pixels.Length);
        Assert.Equal(0, pixels[1 + 3]); // top-left corner is outside the rounded square: transparent
        var centre = (size / 2) * (1 + 4 * size) + 1 + 4 * (size / 2);
        Assert.Equal(255, pixels[centre + 3]);
        Assert.Equal([0xAE, 0x42, 0x60, 0x82], bytes[^4..]); // IEND's CRC
    }
}
