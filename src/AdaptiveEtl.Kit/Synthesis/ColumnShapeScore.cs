namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>How well the synthetic data reproduces one column's marginal distribution.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Metric">"KSComplement" (numeric, date-time) or "TVComplement" (categorical, boolean).</param>
/// <param name="Score">In [0, 1]; 1 = identical distributions.</param>
public sealed record ColumnShapeScore(string Column, string Metric, double Score);
