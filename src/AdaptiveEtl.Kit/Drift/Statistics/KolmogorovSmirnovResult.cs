namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>Outcome of a two-sample Kolmogorov–Smirnov test.</summary>
/// <param name="Statistic">D = sup |F_a(x) − F_b(x)|, in [0, 1].</param>
/// <param name="PValue">Two-sided p-value under the null hypothesis that both samples come from one continuous distribution.</param>
/// <param name="Location">The value x at which the largest ECDF difference occurs.</param>
/// <param name="Exact">True when the p-value comes from the exact null distribution, false for the asymptotic one.</param>
public sealed record KolmogorovSmirnovResult(double Statistic, double PValue, double Location, bool Exact);
