using System.Globalization;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Forecasting.Statistics;

namespace AdaptiveEtl.Kit.Forecasting.Baselines;

/// <summary>
/// The naive (random-walk) forecast: every future value equals the last observation, with intervals
/// ŷ ± z·σ̂·√h where σ̂² is the mean squared one-step residual (Hyndman &amp; Athanasopoulos, <i>Forecasting: Principles
/// and Practice</i>, 3rd ed., §5.5, Table 5.2; as R's <c>forecast::naive</c>).
/// </summary>
/// <example><code>var fc = new NaiveForecaster().Fit(series).Forecast(7);</code></example>
public sealed class NaiveForecaster : ForecasterBase
{
    private TimeSeries? _series;

    /// <summary>Residual standard deviation σ̂ (after <see cref="ForecasterBase.Fit"/>).</summary>
    public double Sigma { get; private set; }

    /// <inheritdoc />
    public override string Name => "Naive";

    /// <inheritdoc />
    public override bool IsFitted => _series is not null;

    /// <inheritdoc />
    public override ForecasterCapabilities Capabilities => ForecasterCapabilities.PredictionIntervals;

    /// <inheritdoc />
    protected override IForecaster FitCore(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.RequireLength(2, Name);
        double ss = 0;
        for (int i = 1; i < series.Length; i++) { double e = series.Values[i] - series.Values[i - 1]; ss += e * e; }
        Sigma = Math.Sqrt(ss / (series.Length - 1));
        _series = series;
        return this;
    }

    /// <inheritdoc />
    protected override ForecastResult ForecastCore(int horizon, ForecastOptions options)
    {
        BaselineSupport.CheckForecast(Name, IsFitted, horizon);
        double last = _series!.Values[^1];
        var mean = Enumerable.Repeat(last, horizon).ToArray();
        var sd = Enumerable.Range(1, horizon).Select(h => Sigma * Math.Sqrt(h)).ToArray();
        return ForecastResult.FromGaussian(Name, _series.Name, mean, sd, options ?? ForecastOptions.Default, FutureTimestamps.After(_series.Timestamps, horizon, options, _series.Name));
    }

    /// <inheritdoc />
    public override string Describe() => _series is null ? $"{Name} (not fitted)"
        : string.Create(CultureInfo.InvariantCulture, $"{Name} forecast of {_series.Name}: last value {_series.Values[^1]:G6}, residual sd {Sigma:G5} from {_series.Length} observations.");

    /// <inheritdoc />
    public override void Save(Stream stream)
    {
        if (_series is null) throw new InvalidOperationException($"{Name}: call Fit before Save.");
        ForecasterPersistence.Write(stream, ForecasterPersistence.TypeNameOf(typeof(NaiveForecaster)), new JsonObject { ["series"] = SeriesJson.Write(_series) });
    }

    /// <summary>Restores a model written by <see cref="Save"/>.</summary>
    public static NaiveForecaster FromState(JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var model = new NaiveForecaster();
        model.Fit(SeriesJson.Read(state["series"]));
        return model;
    }
}
