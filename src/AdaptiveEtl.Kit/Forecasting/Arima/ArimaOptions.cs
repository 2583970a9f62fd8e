namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>Settings of <see cref="ArimaForecaster"/>: a given order, fitted as R's <c>forecast::Arima</c>.</summary>
public sealed record ArimaOptions
{
    /// <summary>The model orders; default ARIMA(0,1,1). A seasonal order whose period is 1 is taken from the series.</summary>
    public ArimaOrder Order { get; init; } = new(0, 1, 1);

    /// <summary>
    /// Include a constant: a mean when d + D = 0, a drift when d + D = 1 (R: <c>include.constant</c>); ignored with more
    /// differences. Default true.
    /// </summary>
    public bool IncludeConstant { get; init; } = true;

    /// <summary>Estimation method; default conditional sum of squares then maximum likelihood (R's default).</summary>
    public ArimaEstimationMethod Method { get; init; } = ArimaEstimationMethod.CssMaximumLikelihood;
}
