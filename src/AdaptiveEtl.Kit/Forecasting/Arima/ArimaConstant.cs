namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>The deterministic term of a fitted ARIMA model.</summary>
public enum ArimaConstant
{
    /// <summary>No constant.</summary>
    None,

    /// <summary>A non-zero mean (models without differencing).</summary>
    Intercept,

    /// <summary>A linear drift (models with exactly one difference).</summary>
    Drift,
}
