namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>Options of a <see cref="LandingZoneConnector"/>.</summary>
public sealed record LandingZoneOptions
{
    /// <summary>Defaults: every CSV/Parquet/JSON-lines file of the folder (not recursive), quarantine under <c>quarantine/</c>.</summary>
    public static LandingZoneOptions Default { get; } = new();

    /// <summary>File-name pattern (<see cref="Directory.EnumerateFiles(string, string)"/> syntax), e.g. <c>orders_*.csv</c>.</summary>
    public string Pattern { get; init; } = "*";

    /// <summary>File format; <see cref="LandingFileFormat.Auto"/> chooses by extension and skips files of other extensions.</summary>
    public LandingFileFormat Format { get; init; } = LandingFileFormat.Auto;

    /// <summary>Folder malformed files are moved to; null means <c>quarantine/</c> inside the landing folder.</summary>
    public string? QuarantineFolder { get; init; }

    /// <summary>How many problems of one file are named in its sidecar (the count of all is given too).</summary>
    public int MaxErrorsReported { get; init; } = 20;

    /// <summary>
    /// Files modified more recently than this are still being written and are left for the next fetch
    /// (zero: take every file). Guards against reading a half-copied file.
    /// </summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.Zero;
}
