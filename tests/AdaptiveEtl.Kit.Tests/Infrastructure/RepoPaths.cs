namespace AdaptiveEtl.Kit.Tests.Infrastructure;

/// <summary>Locations in the repository and beside it, found from the test binary's directory.</summary>
public static class RepoPaths
{
    /// <summary>The repository root (the folder holding AdaptiveEtl.Kit.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>data-samples/ of the repository.</summary>
    public static string DataSamples => Path.Combine(Root, "data-samples");

    /// <summary>A file under data-samples/.</summary>
    public static string Sample(string relative) => Path.Combine(DataSamples, relative);

    /// <summary>../shared beside the repository (reference data for benchmarks), or null when absent.</summary>
    public static string? Shared => Directory.Exists(Path.Combine(Root, "..", "shared")) ? Path.GetFullPath(Path.Combine(Root, "..", "shared")) : null;

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("ADAPTIVE_ETL_KIT_ROOT");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "AdaptiveEtl.Kit.sln"))) return env;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "AdaptiveEtl.Kit.sln"))) return dir.FullName;
        }
        // Developer harnesses build under /tmp: fall back to the conventional checkout location.
        if (File.Exists("/work/main/AdaptiveEtl.Kit.sln")) return "/work/main";
        throw new InvalidOperationException("Cannot find the repository root (AdaptiveEtl.Kit.sln) above " + AppContext.BaseDirectory + "; set ADAPTIVE_ETL_KIT_ROOT.");
    }
}
