namespace AdaptiveEtl.Kit.Forecasting;

/// <summary>
/// The base class of the kit's forecasters: it declares <see cref="Capabilities"/> and applies the guards every
/// <see cref="IForecaster"/> shares once, here, before the model's own <see cref="FitCore"/> / <see cref="ForecastCore"/>:
/// a series with exogenous regressors is refused by a model that would ignore them (fit it on
/// <see cref="TimeSeries.WithoutExogenous"/>), the horizon must be positive, the model fitted, levels and quantile
/// probabilities inside (0, 1), and future regressors given only to a model that uses them. The shape follows darts'
/// <c>ForecastingModel</c> (capability flags on the base class, checks before <c>fit</c>/<c>predict</c>).
/// </summary>
public abstract class ForecasterBase : IForecaster
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract bool IsFitted { get; }

    /// <summary>What this model uses and produces.</summary>
    public abstract ForecasterCapabilities Capabilities { get; }

    /// <summary>True when the model has <paramref name="capability"/>.</summary>
    public bool Supports(ForecasterCapabilities capability) => (Capabilities & capability) == capability;

    /// <inheritdoc />
    /// <exception cref="KitDataException">Also when the series carries exogenous regressors and the model does not use them.</exception>
    public IForecaster Fit(TimeSeries series)
    {
        CheckFit(series);
        return FitCore(series);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">Also when a level or quantile probability is outside (0, 1).</exception>
    /// <exception cref="ArgumentException">Future regressors are given to a model that does not use them.</exception>
    public ForecastResult Forecast(int horizon, ForecastOptions? options = null)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"{Name}: the forecast horizon must be positive.");
        if (!IsFitted) throw new InvalidOperationException($"{Name}: call Fit before Forecast.");
        var o = options ?? ForecastOptions.Default;
        foreach (var level in o.Levels)
            if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(options), level, $"{Name}: interval levels must be in (0, 1), e.g. 0.8 or 0.95.");
        foreach (var q in o.Quantiles)
            if (!(q > 0 && q < 1)) throw new ArgumentOutOfRangeException(nameof(options), q, $"{Name}: quantile probabilities must be in (0, 1).");
        if (o.FutureExogenous is not null && !Supports(ForecasterCapabilities.Exogenous))
            throw new ArgumentException($"{Name} does not use exogenous regressors; FutureExogenous must be null.", nameof(options));
        return ForecastCore(horizon, o);
    }

    /// <summary>The shared fit guards (null series; regressors for a model that would ignore them).</summary>
    protected void CheckFit(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Exogenous is not null && !Supports(ForecasterCapabilities.Exogenous))
            throw new KitDataException(
                $"{Name} does not use exogenous regressors, but the series has {series.Exogenous.GetLength(1)} ({string.Join(", ", series.ExogenousNames ?? [])}): " +
                "fit it on series.WithoutExogenous(), or use a model that uses them (ARIMA, AutoARIMA, Prophet, LSTM).", series.Name);
    }

    /// <summary>Fits the model (the series passed the shared guards) and returns this instance.</summary>
    protected abstract IForecaster FitCore(TimeSeries series);

    /// <summary>Forecasts (horizon positive, model fitted, options checked and never null).</summary>
    protected abstract ForecastResult ForecastCore(int horizon, ForecastOptions options);

    /// <inheritdoc />
    public abstract string Describe();

    /// <inheritdoc />
    public abstract void Save(Stream stream);
}
