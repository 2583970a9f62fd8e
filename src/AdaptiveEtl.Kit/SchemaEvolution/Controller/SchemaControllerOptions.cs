using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>Settings of a <see cref="SchemaEvolutionController"/>.</summary>
/// <param name="Window">The maintenance window: the only time production is changed.</param>
public sealed record SchemaControllerOptions(MaintenanceWindow Window)
{
    /// <summary>Least share of the workload's weighted time the shadow replay must show saved (default 0.05 = 5 %).</summary>
    public double MinimumGain { get; init; } = 0.05;

    /// <summary>Per-kind overrides of <see cref="MinimumGain"/> (e.g. a widening that prevents an overflow may accept −0.05).</summary>
    public IReadOnlyDictionary<RecommendationKind, double> MinimumGainByKind { get; init; } = new Dictionary<RecommendationKind, double>();

    /// <summary>Roll back when the production workload after the change is slower than before by more than this share (default 0.10).</summary>
    public double RegressionThreshold { get; init; } = 0.10;

    /// <summary>How the workload is replayed (shadow and production).</summary>
    public ReplayOptions Replay { get; init; } = ReplayOptions.Default;

    /// <summary>
    /// Timed repeats of each family the change affects when production is monitored before and after it (at least
    /// <see cref="ReplayOptions.Repeats"/>; default 7): the other families cannot change and are not monitored.
    /// </summary>
    public int AffectedRepeats { get; init; } = 7;

    /// <summary>How the shadow simulation alternates between the copy without and the copy with the change.</summary>
    public InterleavedReplayOptions Interleaving { get; init; } = InterleavedReplayOptions.Default;

    /// <summary>How the shadow copy is made.</summary>
    public ShadowOptions Shadow { get; init; } = new();

    /// <summary>Least time that must be left in the window to start a change (default 10 minutes).</summary>
    public TimeSpan MinimumTimeLeft { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Tables copied into the shadow besides the recommendation's own (those the workload joins).</summary>
    public IReadOnlyList<QualifiedTable> ExtraShadowTables { get; init; } = [];

    /// <summary>Called at each <see cref="ApplyStage"/> of a production change (instrumentation; fault-injection tests pause or break the change here).</summary>
    public Func<ApplyStage, CancellationToken, Task>? StageHook { get; init; }

    /// <summary>The gain threshold for <paramref name="kind"/>.</summary>
    public double GainThresholdFor(RecommendationKind kind) => MinimumGainByKind.TryGetValue(kind, out var g) ? g : MinimumGain;
}
