namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>Settings of a headless <see cref="NotebookRunner"/> run.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Where to write the executed notebook (outputs and execution counts); null = not written.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Maximum time per cell (including package restore); null = no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Receives progress lines and the cells' console output as it is written; null = silent.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Package cache folder for <c>#r "nuget:"</c> (see <see cref="ScriptSessionOptions.PackageCacheDirectory"/>).</summary>
    public string? PackageCacheDirectory { get; init; }

    /// <summary>Extra package feeds besides the notebook's own <c>#i</c> directives.</summary>
    public IReadOnlyList<string> PackageSources { get; init; } = [];
}
