namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>One replay of a whole workload: every family's timing and the frequency-weighted total.</summary>
/// <param name="Queries">Per-family timings, in workload order.</param>
public sealed record WorkloadTiming(IReadOnlyList<QueryTiming> Queries)
{
    /// <summary>Σ median × frequency over the families, in milliseconds.</summary>
    public double TotalMilliseconds => Queries.Sum(q => q.WeightedMilliseconds);
}
