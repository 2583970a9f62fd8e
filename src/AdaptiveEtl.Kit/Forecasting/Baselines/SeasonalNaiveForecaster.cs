using System.Globalization;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Forecasting.Statistics;

namespace AdaptiveEtl.Kit.Forecasting.Baselines;

/// <summary>
/// The seasonal naive forecast: each future value equals the last observation of the same season, with intervals
/// ŷ ± z·σ̂·√(⌊(h − 1)/m⌋ + 1) where σ̂² is the mean squared seasonal-difference residual (Hyndman &amp; Athanasopoulos,
/// FPP3 §5.5, Table 5.2; as R's <c>forecast::snaive</c>). The period is the series' <see cref="TimeSeries.SeasonalPeriod"/>
/// unless one is given.
/// </summary>
/// <example><code>var fc = new SeasonalNaiveForecaster().Fit(new TimeSeries("daily rows", values, seasonalPeriod: 7)).Forecast(14);</code></example>
public sealed class SeasonalNaiveForecaster : ForecasterBase
{
    private TimeSeries? _series;
    private readonly int? _period;

    /// <summary>Creates the model; <paramref name="period"/> overrides the series' seasonal period when given.</summary>
    public SeasonalNaiveForecaster(int? period = null)
    {
        if (period is < 1) throw new ArgumentOutOfRangeException(nameof(period), period, "The seasonal period must be at least 1.");
        _period = period;
    }

    /// <summary>Seasonal period in use (after <see cref="ForecasterBase.Fit"/>).</summary>
    public int Period { get; private set; }

    /// <summary>Residual standard deviation σ̂ (after <see cref="ForecasterBase.Fit"/>).</summary>
    public double Sigma { get; private set; }

    /// <inheritdoc />
    public override string Name => "SeasonalNaive";

    /// <inheritdoc />
    public override bool IsFitted => _series is not null;

    /// <inheritdoc />
    public override ForecasterCapabilities Capabilities => ForecasterCapabilities.Seasonality | ForecasterCapabilities.PredictionIntervals;

    /// <inheritdoc />
    protected override IForecaster FitCore(TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        int m = _period ?? series.SeasonalPeriod;
        series.RequireLength(m + 1, $"{Name} (period {m})");
        double ss = 0;
        for (int i = m; i < series.Length; i++) { double e = series.Values[i] - series.Values[i - m]; ss += e * e; }
        Sigma = Math.Sqrt(ss / (series.Length - m));
        Period = m;
        _series = series;
        return this;
    }

    /// <inheritdoc />
    protected override ForecastResult ForecastCore(int horizon, ForecastOptions options)
    {
        BaselineSupport.CheckForecast(Name, IsFitted, horizon);
        int n = _series!.Length, m = Period;
        var mean = new double[horizon];
        var sd = new double[horizon];
        for (int h = 1; h <= horizon; h++)
        {
            mean[h - 1] = _series.Values[n - m + (h - 1) % m];
            sd[h - 1] = Sigma * Math.Sqrt((h - 1) / m + 1);
        }
        return ForecastResult.FromGaussian(Name, _series.Name, mean, sd, options ?? ForecastOptions.Default, FutureTimestamps.After(_series.Timestamps, horizon, options, _series.Name));
    }

    /// <inheritdoc />
    public override string Describe() => _series is null ? $"{Name} (not fitted)"
        : string.Create(CultureInfo.InvariantCulture, $"{Name} forecast of {_series.Name}: repeats the last {Period} observations, residual sd {Sigma:G5} from {_series.Length} observations.");

    /// <inheritdoc />
    public override void Save(Stream stream)
    {
        if (_series is null) throw new InvalidOperationException($"{Name}: call Fit before Save.");
        ForecasterPersistence.Write(stream, ForecasterPersistence.TypeNameOf(typeof(SeasonalNaiveForecaster)),
            new JsonObject { ["series"] = SeriesJson.Write(_series), ["period"] = Period });
    }

    /// <summary>Restores a model written by <see cref="Save"/>.</summary>
    public static SeasonalNaiveForecaster FromState(JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var model = new SeasonalNaiveForecaster(state["period"]?.GetValue<int>());
        model.Fit(SeriesJson.Read(state["series"]));
        return model;
    }
}
