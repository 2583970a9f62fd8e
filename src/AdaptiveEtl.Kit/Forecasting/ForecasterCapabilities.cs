namespace AdaptiveEtl.Kit.Forecasting;

/// <summary>
/// What a forecaster can use or produce (as darts' <c>supports_*</c> flags on its model base class): callers check these
/// instead of discovering by surprise that an input was ignored.
/// </summary>
[Flags]
public enum ForecasterCapabilities
{
    /// <summary>Nothing beyond point forecasts of the series' own history.</summary>
    None = 0,
    /// <summary>Uses exogenous regressors (<see cref="TimeSeries.Exogenous"/> to fit, <see cref="ForecastOptions.FutureExogenous"/> to forecast).</summary>
    Exogenous = 1,
    /// <summary>Models a seasonal cycle (<see cref="TimeSeries.SeasonalPeriod"/>, or calendar seasonality from timestamps).</summary>
    Seasonality = 2,
    /// <summary>Gives prediction intervals and quantiles at the requested levels.</summary>
    PredictionIntervals = 4,
}
