namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>The measured time of one query family in one replay.</summary>
/// <param name="Query">The family replayed.</param>
/// <param name="MedianMilliseconds">Median wall time of the timed repeats.</param>
/// <param name="Runs">Every timed repeat, in milliseconds, in run order.</param>
public sealed record QueryTiming(WorkloadQuery Query, double MedianMilliseconds, IReadOnlyList<double> Runs)
{
    /// <summary>The family's weight in the workload: median × frequency.</summary>
    public double WeightedMilliseconds => MedianMilliseconds * Query.Frequency;
}
