namespace AdaptiveEtl.Kit.Forecasting.Conformal;

/// <summary>The nonconformity score a <see cref="ConformalForecaster"/> calibrates.</summary>
public enum ConformalScore
{
    /// <summary>
    /// |actual − forecast| per horizon step, one calibration set per step (Lei et al. 2018, split conformal): distribution-free
    /// for exchangeable errors, but blind to a series whose errors grow with its level, and each step has only
    /// <see cref="ConformalIntervalOptions.Windows"/> scores.
    /// </summary>
    Absolute,

    /// <summary>
    /// |actual − forecast| / σ̂, where σ̂ is the inner model's own forecast standard deviation at that origin and step (read
    /// from its analytic 80 % interval as (upper − lower) / (2 z₀.₉)) — the normalized score of locally weighted conformal
    /// prediction (Papadopoulos, Gammerman &amp; Vovk 2008, "Normalized nonconformity measures for regression conformal
    /// prediction"; Lei et al. 2018, JASA, §5.2). The scale-free scores of every step are pooled into one calibration set
    /// (windows × horizon scores), and the interval is forecast ± q·σ̂ of the final fit: the model's interval shape (wider
    /// with the horizon and the level) with a width corrected by its observed out-of-sample errors. Needs an inner model
    /// with analytic intervals.
    /// </summary>
    Studentized,
}
