namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>The planner's estimated cost of one query family without and with a hypothetical index.</summary>
/// <param name="Query">The family.</param>
/// <param name="CostBefore">EXPLAIN's total cost without the index.</param>
/// <param name="CostAfter">EXPLAIN's total cost with the hypothetical index.</param>
/// <param name="UsesIndex">True when the plan with the hypothetical index uses it.</param>
public sealed record WhatIfQueryCost(WorkloadQuery Query, double CostBefore, double CostAfter, bool UsesIndex);
