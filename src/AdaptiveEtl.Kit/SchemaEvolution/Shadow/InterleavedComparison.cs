namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>
/// The result of <see cref="InterleavedReplay.CompareAsync"/>: per-family medians over the rounds (as a
/// <see cref="ReplayComparison"/>), the gain of every round and its 95 % confidence interval.
/// </summary>
/// <param name="Comparison">Before = the copy without the change, after = the copy with it; each family's time is its median over the rounds.</param>
/// <param name="RoundGains">The workload gain measured in each round (1 − after / before over the whole weighted workload).</param>
/// <param name="GainLow">Lower end of the 95 % Student-t interval of the mean round gain.</param>
/// <param name="GainHigh">Upper end of that interval.</param>
/// <param name="StopReason">Why the rounds stopped: "converged", "decided" (the interval cleared or missed the decision threshold), "max rounds" or "time budget".</param>
public sealed record InterleavedComparison(ReplayComparison Comparison, IReadOnlyList<double> RoundGains, double GainLow, double GainHigh, string StopReason)
{
    /// <summary>Rounds run.</summary>
    public int Rounds => RoundGains.Count;

    /// <summary>The measured gain: from the per-family medians (robust to a round disturbed by other load).</summary>
    public double Gain => Comparison.Gain;

    /// <summary>True when the whole interval lies above zero: the change is faster beyond the measurement noise.</summary>
    public bool SignificantlyFaster => GainLow > 0;
}
