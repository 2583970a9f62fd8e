using System.Globalization;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Forecasting.Statistics;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Forecasting.Baselines;

/// <summary>
/// The mean forecast: every future value equals the sample mean, with intervals ȳ ± t·s·√(1 + 1/T) using Student's t
/// with T − 1 degrees of freedom (Hyndman &amp; Athanasopoulos, FPP3 §5.5, Table 5.2; R's <c>forecast::meanf</c> uses t quantiles).
/// </summary>
/// <example><code>var fc = new MeanForecaster().Fit(series).Forecast(3);</code></example>
public sealed class MeanForecaster : ForecasterBase
{
    private TimeSeries? _series;

    /// <summary>Sample mean (after <see cref="ForecasterBase.Fit"/>).</summary>
    public double Mean { get; private set; }

    /// <summary>Sample standard deviation s (after <see cref="ForecasterBase.Fit"/>).</summary>
    public double StandardDeviation { get; private set; }

    /// <inheritdoc />
    public override string Name => "Mean";

    /// <inheritdoc />
    public override bool IsFitted => _series is not null;

    /// <inheritdoc />
    public override ForecasterCapabilities Capabilities => ForecasterCapabilities.PredictionIntervals;

    /// <inheritdoc />
    protected override IForecaster FitCore(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        series.RequireLength(2, Name);
        Mean = series.Values.Average();
        StandardDeviation = Math.Sqrt(SeriesMath.Variance(series.Values));
        _series = series;
        return this;
    }

    /// <inheritdoc />
    protected override ForecastResult ForecastCore(int horizon, ForecastOptions options)
    {
        BaselineSupport.CheckForecast(Name, IsFitted, horizon);
        options ??= ForecastOptions.Default;
        int n = _series!.Length;
        double se = StandardDeviation * Math.Sqrt(1 + 1.0 / n);
        double Q(double p) => Mean + StudentT.InvCDF(0, 1, n - 1, p) * se;
        var mean = Enumerable.Repeat(Mean, horizon).ToArray();
        var intervals = options.Levels.Select(l => new PredictionInterval(l, Enumerable.Repeat(Q(0.5 - l / 2), horizon).ToArray(),
            Enumerable.Repeat(Q(0.5 + l / 2), horizon).ToArray())).ToArray();
        var quantiles = options.Quantiles.ToDictionary(p => p, p => (IReadOnlyList<double>)Enumerable.Repeat(Q(p), horizon).ToArray());
        return new ForecastResult(Name, _series.Name, mean, intervals, quantiles, FutureTimestamps.After(_series.Timestamps, horizon, options, _series.Name));
    }

    /// <inheritdoc />
    public override string Describe() => _series is null ? $"{Name} (not fitted)"
        : string.Create(CultureInfo.InvariantCulture, $"{Name} forecast of {_series.Name}: mean {Mean:G6}, sd {StandardDeviation:G5} from {_series.Length} observations.");

    /// <inheritdoc />
    public override void Save(Stream stream)
    {
        if (_series is null) throw new InvalidOperationException($"{Name}: call Fit before Save.");
        ForecasterPersistence.Write(stream, ForecasterPersistence.TypeNameOf(typeof(MeanForecaster)), new JsonObject { ["series"] = SeriesJson.Write(_series) });
    }

    /// <summary>Restores a model written by <see cref="Save"/>.</summary>
    public static MeanForecaster FromState(JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var model = new MeanForecaster();
        model.Fit(SeriesJson.Read(state["series"]));
        return model;
    }
}
