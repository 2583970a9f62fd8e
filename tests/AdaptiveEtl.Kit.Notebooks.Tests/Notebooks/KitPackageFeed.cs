using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Notebooks;

/// <summary>
/// The local feed <c>artifacts/packages</c> that the notebooks (through <c>notebooks/NuGet.Config</c>) and the exported
/// scripts load the kit from. <c>./build.sh test</c> packs it before the tests; a bare <c>dotnet test</c> packs it here, so
/// the notebook tests always run against the code just built, never against a stale package.
/// </summary>
public static class KitPackageFeed
{
    private static readonly Lazy<string> Feed = new(Ensure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The feed folder, packed if it holds no kit package older than the built core assembly.</summary>
    public static string Directory => Feed.Value;

    private static string Ensure()
    {
        var feed = Path.Combine(RepoPaths.Root, "artifacts", "packages");
        var core = typeof(EtlKit).Assembly.Location;
        bool fresh = System.IO.Directory.Exists(feed)
            && new[] { "AdaptiveEtl.Kit", "AdaptiveEtl.Kit.Notebooks", "AdaptiveEtl.Kit.DeepLearning" }.All(id =>
                File.Exists(Path.Combine(feed, $"{id}.0.1.0.nupkg"))
                && File.GetLastWriteTimeUtc(Path.Combine(feed, $"{id}.0.1.0.nupkg")) >= File.GetLastWriteTimeUtc(core).AddMinutes(-10));
        if (!fresh)
        {
            // pack the configuration the tests were built in (dotnet pack alone would build Release from scratch)
            var configuration = typeof(EtlKit).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
                .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Debug";
            ProcessRunner.Run("dotnet", ["pack", Path.Combine(RepoPaths.Root, "AdaptiveEtl.Kit.sln"), "-c", configuration, "-o", feed, "-nologo", "-v", "q"],
                TimeSpan.FromMinutes(15), workingDirectory: RepoPaths.Root).EnsureSuccess("dotnet pack of the kit into artifacts/packages");
            // exported .cs scripts restore into artifacts/script-packages; NuGet never re-extracts a version it has
            var scriptPackages = Path.Combine(RepoPaths.Root, "artifacts", "script-packages");
            if (System.IO.Directory.Exists(scriptPackages)) System.IO.Directory.Delete(scriptPackages, recursive: true);
        }
        return feed;
    }
}
