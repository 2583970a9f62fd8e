namespace AdaptiveEtl.Kit.Drift.Streaming;

/// <summary>Options of a <see cref="DriftStreamMonitor"/>.</summary>
public sealed record DriftStreamOptions
{
    /// <summary>Pipeline name recorded with every score.</summary>
    public string Pipeline { get; init; } = "default";

    /// <summary>Batches per window.</summary>
    public int WindowBatches { get; init; } = 1;

    /// <summary>Batches between two window evaluations; null = <see cref="WindowBatches"/> (tumbling windows). Smaller values give sliding windows.</summary>
    public int? StepBatches { get; init; }

    /// <summary>Values kept per numeric column of the reference profile (see <see cref="ReservoirSample"/>).</summary>
    public int ReservoirSize { get; init; } = 10_000;

    /// <summary>Distinct categories kept per categorical column of the reference; later ones are counted as <c>(other)</c>.</summary>
    public int MaxCategories { get; init; } = 1000;

    /// <summary>Seed of the reservoir sampling (reproducible profiles).</summary>
    public int Seed { get; init; } = 17;

    /// <summary>Per-column methods and thresholds; the multivariate detector is not used on streams.</summary>
    public DriftOptions Drift { get; init; } = DriftOptions.Default;

    /// <summary>
    /// A window raises <see cref="DriftStreamMonitor.Alert"/> when the dataset drifts, when its comparison is inconclusive
    /// (a monitored column could not be compared), or when its dataset signal reaches this value (default 0.5, the signal
    /// at which columns drift).
    /// </summary>
    public double AlertSignal { get; init; } = 0.5;

    /// <summary>
    /// Windows kept in <see cref="DriftStreamMonitor.History"/> (default 1000): older ones are dropped, so a monitor that runs
    /// for months holds bounded memory (a <see cref="DriftScoreStore"/> keeps the full record).
    /// </summary>
    public int MaxHistory { get; init; } = 1000;

    /// <summary>The effective step.</summary>
    public int Step => StepBatches ?? WindowBatches;
}
