namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>
/// A what-if (hypothetical index) evaluation: plan-cost deltas per query family, or why none could be had — never a made-up
/// number: when HypoPG is missing, or the engine or the change kind has no what-if, <see cref="Available"/> is false.
/// </summary>
/// <param name="Available">True when costs were estimated.</param>
/// <param name="UnavailableReason">Why not, when <see cref="Available"/> is false.</param>
/// <param name="Queries">Per-family costs (empty when unavailable).</param>
public sealed record WhatIfResult(bool Available, string? UnavailableReason, IReadOnlyList<WhatIfQueryCost> Queries)
{
    /// <summary>A result that says why no what-if was possible.</summary>
    public static WhatIfResult Unavailable(string reason) => new(false, reason, []);

    /// <summary>Σ cost × frequency without the change.</summary>
    public double WeightedCostBefore => Queries.Sum(q => q.CostBefore * q.Query.Frequency);

    /// <summary>Σ cost × frequency with the change.</summary>
    public double WeightedCostAfter => Queries.Sum(q => q.CostAfter * q.Query.Frequency);

    /// <summary>Estimated share of the weighted cost saved (null when unavailable).</summary>
    public double? EstimatedGain => !Available || WeightedCostBefore <= 0 ? null : 1 - WeightedCostAfter / WeightedCostBefore;
}
