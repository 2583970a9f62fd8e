namespace AdaptiveEtl.Kit.Forecasting.Arima;

/// <summary>How ARIMA coefficients are estimated (R's <c>arima(method = …)</c>).</summary>
public enum ArimaEstimationMethod
{
    /// <summary>Conditional sum of squares to start, then exact maximum likelihood (R's default "CSS-ML").</summary>
    CssMaximumLikelihood,

    /// <summary>Exact maximum likelihood from zero starting values ("ML").</summary>
    MaximumLikelihood,

    /// <summary>Conditional sum of squares only ("CSS"), the fast approximation auto-ARIMA uses on long series.</summary>
    ConditionalSumOfSquares,
}
