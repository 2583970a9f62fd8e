using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Forecasting.Conformal;

/// <summary>
/// Any forecaster with split-conformal intervals (<see cref="ConformalIntervalOptions"/>): the point forecast is the inner
/// model's, the intervals and quantiles come from its own out-of-sample errors at the last rolling origins, so they hold
/// their nominal coverage when the errors are exchangeable (Lei et al. 2018, Theorem 2.2) — where a model's analytic
/// intervals assume its own error model is right. Make one with <see cref="ConformalForecasterExtensions.WithConformalIntervals"/>.
/// </summary>
public sealed class ConformalForecaster : ForecasterBase
{
    private readonly Func<IForecaster>? _create;
    private IForecaster? _inner;
    private SplitConformalCalibrator? _calibrator;
    private IReadOnlyList<IReadOnlyList<double>>? _residuals;

    /// <summary>Wraps the forecaster made by <paramref name="create"/> (called once per calibration origin and once for the final fit).</summary>
    public ConformalForecaster(Func<IForecaster> create, ConformalIntervalOptions? options = null)
    {
        _create = create ?? throw new ArgumentNullException(nameof(create));
        Options = options ?? new ConformalIntervalOptions();
        Options.Validate();
        var probe = create();
        InnerName = probe.Name;
        _capabilities = CapabilitiesOf(probe);
        if (Options.Score == ConformalScore.Studentized && probe is ForecasterBase b && !b.Capabilities.HasFlag(ForecasterCapabilities.PredictionIntervals))
            throw new ArgumentException($"{probe.Name} gives no analytic intervals, so it has no standard deviation to studentize by; use ConformalScore.Absolute.", nameof(options));
    }

    private ConformalForecaster(IForecaster inner, ConformalIntervalOptions options, IReadOnlyList<IReadOnlyList<double>> residuals)
    {
        _inner = inner;
        Options = options;
        InnerName = inner.Name;
        _capabilities = CapabilitiesOf(inner);
        _residuals = residuals;
        _calibrator = CalibratorFor(options, residuals);
    }

    /// <summary>The calibration settings.</summary>
    public ConformalIntervalOptions Options { get; }

    /// <summary>The wrapped model's name.</summary>
    public string InnerName { get; }

    /// <inheritdoc />
    public override string Name => InnerName + "+conformal";

    /// <inheritdoc />
    public override bool IsFitted => _inner is not null && _calibrator is not null;

    /// <inheritdoc />
    public override ForecasterCapabilities Capabilities => _capabilities;

    // the inner model's, read once (a model made only to ask would be built, and maybe allocate, on every guard check)
    private readonly ForecasterCapabilities _capabilities;

    private static ForecasterCapabilities CapabilitiesOf(IForecaster inner) =>
        (inner is ForecasterBase b ? b.Capabilities : ForecasterCapabilities.Exogenous) | ForecasterCapabilities.PredictionIntervals;

    /// <summary>
    /// The calibration scores per step, once fitted: residuals actual − forecast, or with <see cref="ConformalScore.Studentized"/>
    /// residuals divided by the model's standard deviation at that origin and step.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>>? Residuals => _residuals;

    /// <inheritdoc />
    /// <exception cref="KitDataException">The series is too short for the windows plus the horizon, or the inner model fails at an origin.</exception>
    protected override IForecaster FitCore(TimeSeries series)
    {
        if (_create is null) throw new InvalidOperationException($"{Name} was loaded from a file: it forecasts, but cannot be refit (create a new one with WithConformalIntervals).");
        int h = Options.Horizon, windows = Options.Windows;
        int first = series.Length - h - windows + 1;
        if (first < 2)
            throw new KitDataException($"{series.Length} observations are too few for {windows} conformal windows of {h} step(s); need at least {windows + h + 1}.", series.Name);
        var residuals = Enumerable.Range(0, h).Select(_ => new List<double>(windows)).ToArray();
        for (int o = first; o < first + windows; o++)
        {
            var model = _create();
            model.Fit(series.Take(o));
            var f = model.Forecast(h, new ForecastOptions { Levels = [ScaleLevel], Quantiles = [0.5], FutureExogenous = series.ExogenousRows(o, h) });
            var sd = Options.Score == ConformalScore.Studentized ? StandardDeviations(f, series.Name, o) : null;
            for (int s = 0; s < h; s++) residuals[s].Add((series.Values[o + s] - f.Mean[s]) / (sd?[s] ?? 1));
        }
        var inner = _create();
        inner.Fit(series);
        _inner = inner;
        _residuals = residuals;
        _calibrator = CalibratorFor(Options, residuals);
        return this;
    }

    // The level whose analytic interval gives σ̂ for studentized scores (any central level would do for Gaussian intervals).
    private const double ScaleLevel = 0.8;

    // Studentized scores are scale-free, so every step's scores form one pooled calibration set.
    private static SplitConformalCalibrator CalibratorFor(ConformalIntervalOptions options, IReadOnlyList<IReadOnlyList<double>> residuals) =>
        options.Score == ConformalScore.Studentized ? new SplitConformalCalibrator([residuals.SelectMany(r => r).ToArray()]) : new SplitConformalCalibrator(residuals);

    // σ̂ per step from the inner model's central 80 % interval: (upper − lower) / (2 z₀.₉).
    private double[] StandardDeviations(ForecastResult f, string series, int? origin)
    {
        var interval = f.Interval(ScaleLevel);
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.5 + ScaleLevel / 2);
        var sd = new double[f.Mean.Count];
        for (int s = 0; s < sd.Length; s++)
        {
            sd[s] = (interval.Upper[s] - interval.Lower[s]) / (2 * z);
            if (!(double.IsFinite(sd[s]) && sd[s] > 0))
                throw new KitDataException($"{InnerName} gave a {ScaleLevel:P0} interval of width {interval.Upper[s] - interval.Lower[s]} at step {s + 1}{(origin is { } o ? $" (origin {o})" : "")}; studentized conformal scores need a finite, positive width (use ConformalScore.Absolute).", series);
        }
        return sd;
    }

    /// <inheritdoc />
    protected override ForecastResult ForecastCore(int horizon, ForecastOptions options)
    {
        if (Options.Score == ConformalScore.Absolute) return _calibrator!.Calibrate(_inner!.Forecast(horizon, options), options);
        var f = _inner!.Forecast(horizon, options with { Levels = options.Levels.Append(ScaleLevel).Distinct().ToArray() });
        return _calibrator!.Calibrate(f, options, StandardDeviations(f, f.Series, origin: null));
    }

    /// <inheritdoc />
    public override string Describe() =>
        _inner is null ? $"{Name} (not fitted)" : $"{_inner.Describe()} Intervals: split-conformal ({(Options.Score == ConformalScore.Studentized ? "studentized scores, pooled" : "absolute errors per step")}) from {Options.Windows} rolling origins, {Options.Horizon} step(s).";

    /// <inheritdoc />
    public override void Save(Stream stream)
    {
        if (_inner is null || _residuals is null) throw new InvalidOperationException($"{Name}: call Fit before Save.");
        using var inner = new MemoryStream();
        _inner.Save(inner);
        var state = new JsonObject
        {
            ["horizon"] = Options.Horizon,
            ["windows"] = Options.Windows,
            ["score"] = Options.Score.ToString(),
            ["inner"] = JsonNode.Parse(inner.ToArray()),
            ["residuals"] = new JsonArray(_residuals.Select(r => (JsonNode?)new JsonArray(r.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray())).ToArray()),
        };
        ForecasterPersistence.Write(stream, ForecasterPersistence.TypeNameOf(typeof(ConformalForecaster)), state);
    }

    /// <summary>Restores a model written by <see cref="Save"/> (it forecasts; it cannot be refit).</summary>
    /// <exception cref="KitDataException">The state is incomplete.</exception>
    public static ConformalForecaster FromState(JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            // files written before the score option existed hold absolute residuals
            var score = state["score"] is { } s ? Enum.Parse<ConformalScore>(s.GetValue<string>()) : ConformalScore.Absolute;
            var options = new ConformalIntervalOptions(state["horizon"]!.GetValue<int>(), state["windows"]!.GetValue<int>(), score);
            using var inner = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(state["inner"]!.ToJsonString()));
            var residuals = state["residuals"]!.AsArray().Select(r => (IReadOnlyList<double>)r!.AsArray().Select(x => x!.GetValue<double>()).ToArray()).ToArray();
            return new ConformalForecaster(ForecasterPersistence.Load(inner), options, residuals);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new KitDataException($"saved conformal forecaster is incomplete ({e.Message}).", "forecaster file", inner: e);
        }
    }

}
