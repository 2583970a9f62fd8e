namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>Outcome of <see cref="AndersonDarling.TestKSample(IReadOnlyList{double[]})"/>, as SciPy's <c>Anderson_ksampResult</c>.</summary>
/// <param name="Statistic">The standardised statistic (A²akN − (k − 1)) / σ.</param>
/// <param name="CriticalValues">Critical values at the significance levels 25 %, 10 %, 5 %, 2.5 %, 1 %, 0.5 %, 0.1 %.</param>
/// <param name="PValue">
/// The approximate p-value (SciPy's <c>significance_level</c>), interpolated from the critical values and clipped to
/// [0.001, 0.25]: 0.25 means "at least 0.25", 0.001 "at most 0.001".
/// </param>
/// <param name="Clipped">True when the p-value was clipped to an end of [0.001, 0.25].</param>
public sealed record AndersonDarlingResult(double Statistic, IReadOnlyList<double> CriticalValues, double PValue, bool Clipped);
