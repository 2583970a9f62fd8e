namespace AdaptiveEtl.Kit.Forecasting;

/// <summary>
/// The one interface every forecaster of the kit implements (baselines, ETS, auto-ARIMA, Prophet-style, LSTM):
/// fit on a <see cref="TimeSeries"/>, forecast h steps with intervals and quantiles, describe, save.
/// Load a saved model with <see cref="ForecasterPersistence.Load(Stream)"/>.
/// </summary>
public interface IForecaster
{
    /// <summary>Short model name, e.g. "AutoARIMA" or "SeasonalNaive".</summary>
    string Name { get; }

    /// <summary>True once <see cref="Fit"/> has succeeded.</summary>
    bool IsFitted { get; }

    /// <summary>Fits the model to the series (regressors from <see cref="TimeSeries.Exogenous"/>) and returns this instance.</summary>
    /// <exception cref="KitDataException">The series is too short or otherwise unusable for this model; the message names the series.</exception>
    IForecaster Fit(TimeSeries series);

    /// <summary>Forecasts <paramref name="horizon"/> steps past the end of the fitted series.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is not positive.</exception>
    /// <exception cref="InvalidOperationException">The model is not fitted.</exception>
    ForecastResult Forecast(int horizon, ForecastOptions? options = null);

    /// <summary>A one-paragraph description of the fitted model (orders, coefficients, information criteria).</summary>
    string Describe();

    /// <summary>Writes the fitted model as JSON (<c>{"type": …, "state": …}</c>) so that <see cref="ForecasterPersistence.Load(Stream)"/> restores it.</summary>
    void Save(Stream stream);
}
