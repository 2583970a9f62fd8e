namespace AdaptiveEtl.Kit.Scripting;

/// <summary>Settings of a <see cref="ScriptSession"/>.</summary>
public sealed record ScriptSessionOptions
{
    /// <summary>The notebook's (or script's) folder: relative paths in directives and <c>#i</c> feeds resolve against it. Defaults to the current directory.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Extra package feeds (folders or URLs; folders relative to <see cref="WorkingDirectory"/>) used besides the machine's configured sources.</summary>
    public IReadOnlyList<string> PackageSources { get; init; } = [];

    /// <summary>Where restored packages and published package sets are cached; null = <c>$XDG_CACHE_HOME/adaptive-etl-kit/scripting</c> (or <c>~/.cache/…</c>).</summary>
    public string? PackageCacheDirectory { get; init; }

    /// <summary>Receives what cells write to <see cref="Console.Out"/>, as it is written; null = the process's console.</summary>
    public TextWriter? StandardOutput { get; init; }

    /// <summary>Receives what cells write to <see cref="Console.Error"/> and package-restore progress; null = the process's console.</summary>
    public TextWriter? StandardError { get; init; }

    /// <summary>Receives <c>display(x)</c> values; null = they are written as text to <see cref="StandardOutput"/>.</summary>
    public IDisplaySink? DisplaySink { get; init; }

    /// <summary>The script's command-line arguments (the <c>Args</c> global).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Notebook cells or a .csx script.</summary>
    public ScriptMode Mode { get; init; } = ScriptMode.Notebook;

    /// <summary>
    /// When true (the default) the process's current directory is set to <see cref="WorkingDirectory"/> while a cell runs, so
    /// <c>File.ReadAllText("../data-samples/x.csv")</c> in a notebook resolves against the notebook's folder (as in Jupyter).
    /// </summary>
    public bool SetCurrentDirectory { get; init; } = true;

    /// <summary>The script file name shown in stack traces and used to resolve <c>#load</c> (script mode); null = <c>cell</c>.</summary>
    public string? ScriptPath { get; init; }
}
