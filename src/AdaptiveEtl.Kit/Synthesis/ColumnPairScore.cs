namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>How well the synthetic data reproduces the relationship between two columns.</summary>
/// <param name="First">First column.</param>
/// <param name="Second">Second column.</param>
/// <param name="Metric">"CorrelationSimilarity" (two numeric columns) or "ContingencySimilarity" (otherwise; numeric columns binned).</param>
/// <param name="Score">In [0, 1]; 1 = identical trend.</param>
public sealed record ColumnPairScore(string First, string Second, string Metric, double Score);
