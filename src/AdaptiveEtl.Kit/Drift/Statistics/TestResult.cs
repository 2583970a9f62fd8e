namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>Statistic and two-sided p-value of a hypothesis test.</summary>
/// <param name="Statistic">The test statistic (χ², z, …).</param>
/// <param name="PValue">Probability, under the null hypothesis of no change, of a statistic at least this extreme.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom where the test has them (χ²), otherwise 0.</param>
public sealed record TestResult(double Statistic, double PValue, int DegreesOfFreedom = 0);
