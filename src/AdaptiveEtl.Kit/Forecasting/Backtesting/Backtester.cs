using AdaptiveEtl.Kit.Forecasting.Conformal;

namespace AdaptiveEtl.Kit.Forecasting.Backtesting;

/// <summary>
/// Rolling-origin evaluation (Tashman 2000, "Out-of-sample tests of forecasting accuracy", IJF 16(4)): each candidate is
/// fitted on the first <c>o</c> observations and forecasts the next <see cref="BacktestOptions.Horizon"/> steps, for
/// o = initial window, +step, … . Errors are pooled into MAE, RMSE, MASE, sMAPE and interval coverage, width and
/// Winkler score, and the models are ranked (<see cref="BacktestReport"/>). Many series run in parallel with
/// <see cref="RunMany"/>; results do not depend on the degree of parallelism.
/// </summary>
public sealed class Backtester
{
    /// <summary>Creates a backtester.</summary>
    public Backtester(BacktestOptions? options = null)
    {
        Options = options ?? new BacktestOptions();
        if (Options.Step < 1 || Options.Horizon < 1 || Options.RefitEvery < 1) throw new ArgumentOutOfRangeException(nameof(options), "Step, Horizon and RefitEvery must be >= 1.");
        if (!(Options.Level > 0 && Options.Level < 1)) throw new ArgumentOutOfRangeException(nameof(options), "Level must be in (0, 1).");
        if (Options.MaxDegreeOfParallelism < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxDegreeOfParallelism must be >= 1.");
    }

    /// <summary>The settings.</summary>
    public BacktestOptions Options { get; }

    /// <summary>The training sizes (origins) a series of length <paramref name="length"/> is evaluated at.</summary>
    /// <exception cref="KitDataException">The series is too short for the initial window plus one horizon.</exception>
    public IReadOnlyList<int> Origins(int length, string seriesName)
    {
        int initial = Options.InitialWindow ?? Math.Max(3, length / 2);
        if (initial < 1 || initial + Options.Horizon > length)
            throw new KitDataException($"the backtest needs an initial window of {initial} plus a horizon of {Options.Horizon} observations, the series has {length}.", seriesName);
        var origins = new List<int>();
        for (int o = initial; o + Options.Horizon <= length; o += Options.Step) origins.Add(o);
        if (Options.MaxOrigins is { } max && origins.Count > max) origins = origins.Skip(origins.Count - max).ToList();
        return origins;
    }

    /// <summary>Backtests every candidate on one series.</summary>
    /// <exception cref="KitDataException">The series is too short.</exception>
    /// <exception cref="ArgumentException">No candidates, or duplicate candidate names.</exception>
    public BacktestReport Run(TimeSeries series, IReadOnlyList<ForecasterCandidate> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        CheckCandidates(candidates);
        var origins = Origins(series.Length, series.Name);
        var scales = origins.ToDictionary(o => o, o => ForecastMetrics.MaseScale(series.Values.Take(o).ToArray(), series.SeasonalPeriod));
        var scores = new List<ModelScore>();
        var forecasts = new Dictionary<string, IReadOnlyList<BacktestForecast>>();
        foreach (var candidate in candidates)
        {
            var (score, list) = Evaluate(series, candidate, origins, scales, cancellationToken);
            scores.Add(score);
            forecasts[candidate.Name] = list;
        }
        return new BacktestReport(series.Name, Options, scores, forecasts);
    }

    /// <summary>
    /// Backtests many series (e.g. one per pipeline) in parallel on up to <see cref="BacktestOptions.MaxDegreeOfParallelism"/>
    /// cores. Reports come back in the order of <paramref name="series"/>; a series that is too short gets a report whose
    /// candidates all failed with the reason.
    /// </summary>
    public IReadOnlyList<BacktestReport> RunMany(IReadOnlyList<TimeSeries> series, IReadOnlyList<ForecasterCandidate> candidates,
        IProgress<BacktestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        CheckCandidates(candidates);
        var reports = new BacktestReport[series.Count];
        int completed = 0;
        Parallel.ForEach(Enumerable.Range(0, series.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
            i =>
            {
                try { reports[i] = Run(series[i], candidates, cancellationToken); }
                catch (KitDataException e)
                {
                    reports[i] = new BacktestReport(series[i].Name, Options,
                        candidates.Select(c => Failed(c.Name, e.Message, 0)).ToArray(),
                        candidates.ToDictionary(c => c.Name, _ => (IReadOnlyList<BacktestForecast>)[]));
                }
                progress?.Report(new BacktestProgress(series[i].Name, Interlocked.Increment(ref completed), series.Count));
            });
        return reports;
    }

    /// <summary>True unless the model declares that it does not use exogenous regressors.</summary>
    private static bool UsesRegressors(IForecaster model) => model is not ForecasterBase b || b.Supports(ForecasterCapabilities.Exogenous);

    private (ModelScore, IReadOnlyList<BacktestForecast>) Evaluate(TimeSeries series, ForecasterCandidate candidate, IReadOnlyList<int> origins,
        IReadOnlyDictionary<int, double> scales, CancellationToken ct)
    {
        var list = new List<BacktestForecast>();
        IForecaster? model = null;
        int fitOrigin = 0, fits = 0;
        var forecastOptions = new ForecastOptions { Levels = [Options.Level], Quantiles = [0.5], Seed = Options.Seed };
        try
        {
            for (int k = 0; k < origins.Count; k++)
            {
                ct.ThrowIfCancellationRequested();
                int o = origins[k];
                if (model is null || k % Options.RefitEvery == 0)
                {
                    model = candidate.Create();
                    // A model without regressors (ForecasterCapabilities) sees the series without them, as it would be
                    // used in production; the others get the regressors to fit and their future rows to forecast.
                    model.Fit(UsesRegressors(model) ? series.Take(o) : series.Take(o).WithoutExogenous());
                    fitOrigin = o;
                    fits++;
                }
                int lead = o - fitOrigin, h = lead + Options.Horizon;
                var result = model.Forecast(h, forecastOptions with { FutureExogenous = UsesRegressors(model) ? series.ExogenousRows(fitOrigin, h) : null });
                var iv = result.Interval(Options.Level);
                for (int s = 0; s < Options.Horizon; s++)
                {
                    int idx = lead + s;
                    double f = result.Mean[idx], lo = iv.Lower[idx], hi = iv.Upper[idx];
                    if (!double.IsFinite(f)) throw new ArithmeticException($"non-finite forecast {f} at origin {o}, step {s + 1}");
                    list.Add(new BacktestForecast(o, s + 1, series.Values[o + s], f, lo, hi, scales[o]));
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A model that cannot handle this series (too short, singular, non-finite) loses the comparison; it does not stop it.
            return (Failed(candidate.Name, $"{e.GetType().Name}: {e.Message}", fits), list);
        }
        var actual = list.Select(x => x.Actual).ToArray();
        var point = list.Select(x => x.Forecast).ToArray();
        var lower = list.Select(x => x.Lower).ToArray();
        var upper = list.Select(x => x.Upper).ToArray();
        double mase = list.Average(x => x.Scale > 0 ? Math.Abs(x.Residual) / x.Scale : (x.Residual == 0 ? 0 : double.PositiveInfinity));
        return (new ModelScore(candidate.Name, ForecastMetrics.Mae(actual, point), ForecastMetrics.Rmse(actual, point), mase,
            ForecastMetrics.Smape(actual, point), IntervalMetrics.Coverage(actual, lower, upper), IntervalMetrics.MeanWidth(lower, upper),
            IntervalMetrics.MeanWinkler(actual, lower, upper, Options.Level), list.Count, fits, null), list);
    }


    private static ModelScore Failed(string name, string error, int fits) =>
        new(name, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, fits, error);

    private static void CheckCandidates(IReadOnlyList<ForecasterCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0) throw new ArgumentException("at least one candidate forecaster is needed.", nameof(candidates));
        var dup = candidates.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new ArgumentException($"candidate name '{dup.Key}' is used twice.", nameof(candidates));
    }
}
