namespace AdaptiveEtl.Kit.Drift.Reporting;

/// <summary>
/// One pass/fail check of a drift comparison: what was measured (<see cref="Metric"/> = <see cref="Value"/>), the
/// <see cref="Threshold"/> it is held against and the <see cref="Rule"/> that says on which side it fails.
/// </summary>
/// <param name="Name">Short name, e.g. <c>age: drift test</c> or <c>dataset drift share</c>.</param>
/// <param name="Column">The column checked; null for dataset-level checks.</param>
/// <param name="Metric">What <paramref name="Value"/> is, e.g. <c>KS p-value</c>, <c>PSI</c>, <c>missing share change</c>.</param>
/// <param name="Value">The measured value; NaN when it could not be measured (then the status is inconclusive).</param>
/// <param name="Threshold">The threshold the value is held against.</param>
/// <param name="Rule">When the check fails, in words, e.g. <c>fail when p &lt; 0.05</c>.</param>
/// <param name="Status">Pass, fail or inconclusive.</param>
/// <param name="Detail">Extra context (the reason for an inconclusive check, the second condition of a compound rule); null when none.</param>
public sealed record DriftCheck(string Name, string? Column, string Metric, double Value, double Threshold, string Rule, CheckStatus Status, string? Detail = null);
