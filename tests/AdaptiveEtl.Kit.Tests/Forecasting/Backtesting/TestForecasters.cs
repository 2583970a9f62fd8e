using AdaptiveEtl.Kit.Forecasting;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Backtesting;

/// <summary>Test double: forecasts the last value with a fixed ± half-width interval at every level.</summary>
internal sealed class LastValueForecaster(double halfWidth = 1) : IForecaster
{
    private TimeSeries? _series;
    public string Name => "LastValue";
    public bool IsFitted => _series is not null;
    public IForecaster Fit(TimeSeries series) { _series = series; return this; }
    public ForecastResult Forecast(int horizon, ForecastOptions? options = null)
    {
        var s = _series ?? throw new InvalidOperationException("not fitted");
        options ??= ForecastOptions.Default;
        var mean = Enumerable.Repeat(s.Values[^1], horizon).ToArray();
        return new ForecastResult(Name, s.Name, mean,
            options.Levels.Select(l => new PredictionInterval(l, mean.Select(m => m - halfWidth).ToArray(), mean.Select(m => m + halfWidth).ToArray())).ToArray(),
            options.Quantiles.ToDictionary(p => p, _ => (IReadOnlyList<double>)mean));
    }
    public string Describe() => "last value";
    public void Save(Stream stream) => throw new NotSupportedException("test double");
}

/// <summary>Test double: forecasts the training mean with a Gaussian interval from the training sd.</summary>
internal sealed class TrainingMeanForecaster : IForecaster
{
    private TimeSeries? _series;
    public string Name => "TrainingMean";
    public bool IsFitted => _series is not null;
    public IForecaster Fit(TimeSeries series) { _series = series; return this; }
    public ForecastResult Forecast(int horizon, ForecastOptions? options = null)
    {
        var s = _series ?? throw new InvalidOperationException("not fitted");
        double m = s.Values.Average(), sd = Math.Sqrt(s.Values.Sum(v => (v - m) * (v - m)) / Math.Max(1, s.Length - 1));
        return ForecastResult.FromGaussian(Name, s.Name, Enumerable.Repeat(m, horizon).ToArray(), Enumerable.Repeat(Math.Max(sd, 1e-9), horizon).ToArray(), options ?? ForecastOptions.Default);
    }
    public string Describe() => "training mean";
    public void Save(Stream stream) => throw new NotSupportedException("test double");
}

/// <summary>Test double whose fit always fails, like a model that needs more data.</summary>
internal sealed class FailingForecaster : IForecaster
{
    public string Name => "Failing";
    public bool IsFitted => false;
    public IForecaster Fit(TimeSeries series) => throw new KitDataException("needs 1000 observations.", series.Name);
    public ForecastResult Forecast(int horizon, ForecastOptions? options = null) => throw new InvalidOperationException("not fitted");
    public string Describe() => "fails";
    public void Save(Stream stream) => throw new NotSupportedException("test double");
}
