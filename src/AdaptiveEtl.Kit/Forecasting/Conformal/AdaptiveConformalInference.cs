namespace AdaptiveEtl.Kit.Forecasting.Conformal;

/// <summary>
/// Adaptive conformal inference (Gibbs &amp; Candès 2021, "Adaptive conformal inference under distribution shift",
/// NeurIPS, eq. 2): the working miscoverage is updated online after each observation,
/// α_{t+1} = α_t + γ(α − err_t), where err_t = 1 when the value fell outside the interval built with α_t. Long-run
/// miscoverage then converges to the target α even when the residual distribution shifts (their Proposition 4.1).
/// The interval itself comes from any score quantile, typically <see cref="SplitConformalCalibrator.HalfWidth"/> at α_t.
/// </summary>
public sealed class AdaptiveConformalInference
{
    private int _observed, _errors;

    /// <summary>Creates the state for a target coverage level.</summary>
    /// <param name="level">Target coverage 1 − α, e.g. 0.9.</param>
    /// <param name="gamma">Step size γ; Gibbs &amp; Candès use 0.005 — larger adapts faster but fluctuates more.</param>
    public AdaptiveConformalInference(double level, double gamma = 0.005)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "level must be in (0, 1).");
        if (!(gamma > 0)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be > 0.");
        TargetAlpha = 1 - level;
        Gamma = gamma;
        Alpha = TargetAlpha;
    }

    /// <summary>Target miscoverage α.</summary>
    public double TargetAlpha { get; }

    /// <summary>Step size γ.</summary>
    public double Gamma { get; }

    /// <summary>The current working miscoverage α_t (may leave [0, 1]; ≤ 0 means an infinite interval).</summary>
    public double Alpha { get; private set; }

    /// <summary>Observations seen so far.</summary>
    public int Observed => _observed;

    /// <summary>Empirical coverage of the intervals observed so far (NaN before the first).</summary>
    public double EmpiricalCoverage => _observed == 0 ? double.NaN : 1 - (double)_errors / _observed;

    /// <summary>Records whether the last interval covered the actual value and updates α_t.</summary>
    public void Update(bool covered)
    {
        int err = covered ? 0 : 1;
        _observed++;
        _errors += err;
        Alpha += Gamma * (TargetAlpha - err);
    }

    /// <summary>Records an actual value against the interval that was issued for it.</summary>
    public bool Observe(double actual, double lower, double upper)
    {
        bool covered = actual >= lower && actual <= upper;
        Update(covered);
        return covered;
    }

    /// <summary>Restores a saved state (α_t and counters), e.g. from a stored prediction.</summary>
    public static AdaptiveConformalInference Restore(double level, double gamma, double alpha, int observed, int errors)
    {
        var aci = new AdaptiveConformalInference(level, gamma) { Alpha = alpha };
        aci._observed = observed;
        aci._errors = errors;
        return aci;
    }

    /// <summary>Number of miscovered observations so far.</summary>
    public int Errors => _errors;
}
