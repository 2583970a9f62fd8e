using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

/// <summary>#r "nuget:" through a real `dotnet publish` of a generated project (slow: seconds per restore).</summary>
[Trait("Category", "Slow")]
public sealed class PackageResolutionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_package_from_a_local_feed_is_referenced_and_a_repack_is_picked_up()
    {
        using var feed = new TestPackageFeed();
        feed.Pack("v1");
        var nbDir = Path.Combine(feed.Root, "notebooks");
        Directory.CreateDirectory(nbDir);
        var options = new ScriptSessionOptions { WorkingDirectory = nbDir, PackageCacheDirectory = feed.Cache, SetCurrentDirectory = false, StandardError = new StringWriter() };
        await using (var s = new ScriptSession(options))
        {
            var r = await s.ExecuteAsync($"#i \"nuget: ../feed\"\n#r \"nuget: {TestPackageFeed.PackageId}, {TestPackageFeed.Version}\"\nKit.Scripting.TestProbe.Probe.Hello(\"nb\")", Ct);
            Assert.True(r.Succeeded, r.Error?.Message);
            Assert.Equal("hello nb v1", r.ReturnValue);
            // completion sees the package's types
            var items = await s.CompleteAsync("Kit.Scripting.TestProbe.Probe.", 30, Ct);
            Assert.Contains(items, i => i.DisplayText == "Hello");
            // a later cell adds a package from the machine's sources (global packages folder as fallback); both stay usable
            var more = await s.ExecuteAsync("#r \"nuget: MathNet.Numerics, 5.0.0\"\nKit.Scripting.TestProbe.Probe.Hello(MathNet.Numerics.SpecialFunctions.Factorial(5).ToString())", Ct);
            Assert.True(more.Succeeded, more.Error?.Message);
            Assert.Equal("hello 120 v1", more.ReturnValue); // 5! = 120
            Assert.Equal(2, s.Packages.Count);
        }
        // same package set, same feed contents: the published set is reused
        await using (var s = new ScriptSession(options))
        {
            var r = await s.ExecuteAsync($"#i \"nuget: ../feed\"\n#r \"nuget: {TestPackageFeed.PackageId}, {TestPackageFeed.Version}\"\nKit.Scripting.TestProbe.Probe.Hello(\"again\")", Ct);
            Assert.Equal("hello again v1", r.ReturnValue);
        }
        // re-packed 1.0.0 with different content: must not reuse the stale copy (new process-level load: assembly name is the
        // same, so run the probe in a fresh session and compare the published file instead of the loaded type)
        feed.Pack("v2-repacked");
        var setsBefore = Directory.GetDirectories(Path.Combine(feed.Cache, "sets")).Length;
        await using (var s = new ScriptSession(options))
        {
            var r = await s.ExecuteAsync($"#i \"nuget: ../feed\"\n#r \"nuget: {TestPackageFeed.PackageId}, {TestPackageFeed.Version}\"\n1", Ct);
            Assert.True(r.Succeeded, r.Error?.Message);
        }
        var sets = Directory.GetDirectories(Path.Combine(feed.Cache, "sets"));
        Assert.Equal(setsBefore + 1, sets.Length);
        var newest = sets.OrderBy(d => Directory.GetCreationTimeUtc(d)).Last();
        var dll = File.ReadAllBytes(Path.Combine(newest, "publish", TestPackageFeed.PackageId + ".dll"));
        Assert.Contains("v2-repacked", System.Text.Encoding.Unicode.GetString(dll));
        // and the locally packed package never lands in the global packages folder
        var global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        Assert.False(Directory.Exists(Path.Combine(global, TestPackageFeed.PackageId.ToLowerInvariant())));
    }

    [Fact]
    public async Task An_unknown_package_fails_with_the_package_and_the_sources_named()
    {
        using var feed = new TestPackageFeed();
        await using var s = new ScriptSession(new ScriptSessionOptions { WorkingDirectory = feed.Root, PackageCacheDirectory = feed.Cache, SetCurrentDirectory = false, StandardError = new StringWriter() });
        var r = await s.ExecuteAsync("#i \"nuget: feed\"\n#r \"nuget: Kit.Scripting.NoSuchPackage.Xyz, 9.9.9\"", Ct);
        Assert.False(r.Succeeded);
        Assert.Equal("DirectiveError", r.Error!.Name);
        Assert.Contains("Kit.Scripting.NoSuchPackage.Xyz 9.9.9", r.Error.Message);
        Assert.Contains(feed.Feed, r.Error.Message);
        Assert.Contains("NU1101", r.Error.Message);
        // the session is still usable
        Assert.Equal(2, (await s.ExecuteAsync("1 + 1", Ct)).ReturnValue);
    }

    [Fact]
    public async Task TorchSharp_cpu_from_nuget_can_run_a_tensor_op()
    {
        var global = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(Path.Combine(global, "libtorch-cpu-linux-x64")))
            Assert.Skip("libtorch-cpu-linux-x64 is not in the global packages folder (would download ~600 MB)");
        var cache = Path.Combine(Path.GetTempPath(), "kit-scripting-tests-torch"); // kept between runs: the publish copies libtorch once
        await using var s = new ScriptSession(new ScriptSessionOptions { PackageCacheDirectory = cache, SetCurrentDirectory = false, StandardError = new StringWriter() });
        var r = await s.ExecuteAsync("#r \"nuget: TorchSharp-cpu, 0.107.0\"\nvar t = TorchSharp.torch.tensor(new float[] { 1, 2, 3 });\n(t * t).sum().item<float>()", Ct);
        Assert.True(r.Succeeded, r.Error?.Message + "\n" + string.Join("\n", r.Error?.StackTrace ?? []));
        Assert.Equal(14f, r.ReturnValue); // 1² + 2² + 3²
    }
}
