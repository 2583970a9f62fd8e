namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>Outcome of <see cref="ChiSquareTest.TestPooled(IReadOnlyList{double}, IReadOnlyList{double}, double)"/>.</summary>
/// <param name="Test">
/// The χ² test of the pooled table (identical to <see cref="ChiSquareTest.Test(IReadOnlyList{double}, IReadOnlyList{double})"/>
/// when nothing was pooled), or, when <paramref name="FisherExact"/>, Fisher's exact test (statistic = odds ratio).
/// </param>
/// <param name="PooledCells">
/// The cells (categories, or entry indices for count rows) merged because their expected count was below the minimum;
/// empty when none was.
/// </param>
/// <param name="FisherExact">
/// True when pooling left fewer than two cells, so the table was reduced to the largest cell against the rest and tested
/// with <see cref="FisherExactTest"/>, which needs no minimum expected count.
/// </param>
public sealed record ChiSquarePooledResult(TestResult Test, IReadOnlyList<string> PooledCells, bool FisherExact);
