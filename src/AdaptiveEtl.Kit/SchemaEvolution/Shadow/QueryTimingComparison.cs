namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>One query family timed before and after a change.</summary>
/// <param name="Query">The family.</param>
/// <param name="BeforeMilliseconds">Median before the change.</param>
/// <param name="AfterMilliseconds">Median after the change.</param>
public sealed record QueryTimingComparison(WorkloadQuery Query, double BeforeMilliseconds, double AfterMilliseconds)
{
    /// <summary>Share of the family's time saved: 1 − after / before (negative when it got slower; 0 when before is 0).</summary>
    public double Gain => BeforeMilliseconds <= 0 ? 0 : 1 - AfterMilliseconds / BeforeMilliseconds;
}
