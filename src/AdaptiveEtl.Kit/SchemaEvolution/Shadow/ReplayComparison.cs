namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>A workload replayed before and after a change (on the shadow, or on production when monitoring).</summary>
/// <param name="Before">The replay before the change.</param>
/// <param name="After">The replay after it (same families, same order).</param>
public sealed record ReplayComparison(WorkloadTiming Before, WorkloadTiming After)
{
    /// <summary>Per-family before/after.</summary>
    public IReadOnlyList<QueryTimingComparison> Queries { get; } =
        Before.Queries.Zip(After.Queries, (b, a) => new QueryTimingComparison(b.Query, b.MedianMilliseconds, a.MedianMilliseconds)).ToList();

    /// <summary>Frequency-weighted total before, in milliseconds.</summary>
    public double TotalBeforeMilliseconds => Before.TotalMilliseconds;

    /// <summary>Frequency-weighted total after, in milliseconds.</summary>
    public double TotalAfterMilliseconds => After.TotalMilliseconds;

    /// <summary>Share of the workload's weighted time saved: 1 − after / before (negative: it regressed).</summary>
    public double Gain => TotalBeforeMilliseconds <= 0 ? 0 : 1 - TotalAfterMilliseconds / TotalBeforeMilliseconds;
}
