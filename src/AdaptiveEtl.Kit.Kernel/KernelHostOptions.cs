namespace AdaptiveEtl.Kit.Kernel;

/// <summary>Settings of a kernel process beyond the connection file.</summary>
public sealed record KernelHostOptions
{
    /// <summary>Folder cells run in; null means the process's current directory (Jupyter starts kernels in the notebook's folder).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Extra NuGet package sources for <c>#r "nuget: …"</c> (the engine's defaults are kept).</summary>
    public IReadOnlyList<string> PackageSources { get; init; } = [];

    /// <summary>Where restored packages are cached; null for the engine's default.</summary>
    public string? PackageCacheDirectory { get; init; }

    /// <summary>Where the kernel logs protocol problems (dropped messages, failures); null means standard error.</summary>
    public TextWriter? Log { get; init; }
}
