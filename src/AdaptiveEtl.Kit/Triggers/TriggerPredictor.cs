using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.Forecasting.Conformal;
using AdaptiveEtl.Kit.Forecasting.Prophet;
using AdaptiveEtl.Kit.History;

namespace AdaptiveEtl.Kit.Triggers;

/// <summary>
/// Predicts the next trigger of a pipeline from the run history in a <see cref="RunHistoryStore"/>:
/// <list type="number">
/// <item>builds the trigger-time target and the per-run rows/bytes series (<see cref="TriggerFeatures"/>): for a schedule-driven
/// pipeline (regular gaps: at least 90% within 10% of a multiple 1..4 of the median gap P, phases concentrated) the offset in
/// minutes of each trigger from its slot on the grid anchor + n·P (anchor = circular mean phase), placed on the first slot after
/// the last trigger that is not off (a position of the week that never held a run, such as a business-day pipeline's weekend,
/// or a holiday of the calendar when the pipeline skipped most holidays; see <see cref="TriggerSchedule"/>); otherwise the inter-arrival series (hours between triggers, log scale by default);</item>
/// <item>backtests the candidate forecasters on each (rolling origin, one step ahead) and keeps the best per target (<see cref="Backtester"/>);</item>
/// <item>refits the winner on the whole history, forecasts one step and calibrates it with the backtest residuals:
/// split-conformal intervals whose level is steered online by adaptive conformal inference (<see cref="Observe"/>), and a
/// predictive distribution point + residuals for quantiles, probabilities and the most likely window;</item>
/// <item>saves the models and the prediction in the store (only after everything succeeded).</item>
/// </list>
/// Candidates see the series without exogenous columns (calendar effects come from the timestamps), so any
/// <see cref="IForecaster"/> can compete.
/// </summary>
public sealed class TriggerPredictor
{
    private const double MinGapHours = 1.0 / 3600;
    private readonly RunHistoryStore _store;
    private readonly HolidayCalendar _holidays;
    private readonly Dictionary<string, AciState> _aci = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Creates a predictor.</summary>
    /// <param name="store">The run history.</param>
    /// <param name="candidates">Forecasters that compete with the Prophet-style model (e.g. seasonal naive, ETS, auto-ARIMA).</param>
    /// <param name="holidays">Holiday calendar, given to the Prophet-style model as holiday effects.</param>
    /// <param name="includeProphet">Add <see cref="ProphetForecaster"/> (with the holidays) as a candidate, default true.</param>
    public TriggerPredictor(RunHistoryStore store, IEnumerable<ForecasterCandidate>? candidates = null, HolidayCalendar? holidays = null, bool includeProphet = true)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _holidays = holidays ?? HolidayCalendar.None;
        var list = new List<ForecasterCandidate>();
        if (includeProphet)
        {
            var prophetHolidays = _holidays.ToProphetHolidays();
            list.Add(new ForecasterCandidate("Prophet", () => new ProphetForecaster(new ProphetOptions { Holidays = prophetHolidays, UncertaintySamples = 200 })));
        }
        list.AddRange(candidates ?? []);
        if (list.Count == 0) throw new ArgumentException("no candidate forecaster: pass candidates or keep includeProphet.", nameof(candidates));
        Candidates = list;
    }

    /// <summary>The competing forecasters.</summary>
    public IReadOnlyList<ForecasterCandidate> Candidates { get; }

    /// <summary>Predicts the next trigger of <paramref name="pipeline"/> from its runs triggered at or before <paramref name="asOf"/>.</summary>
    /// <exception cref="KitDataException">Unknown pipeline, too short a history, bad options (NaN levels) or every model failed; names the pipeline.</exception>
    public TriggerPrediction PredictNextTrigger(string pipeline, DateTimeOffset asOf, TriggerPredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        options ??= new TriggerPredictionOptions();
        Validate(pipeline, options);
        var runs = _store.GetRunRecords(pipeline, to: asOf.AddMicroseconds(1));
        if (runs.Count == 0)
        {
            var known = _store.Pipelines();
            throw known.Contains(pipeline)
                ? new KitDataException($"no run triggered at or before {asOf:O}; the history starts later.", pipeline)
                : new KitDataException($"unknown pipeline; the store has {(known.Count == 0 ? "no runs" : string.Join(", ", known))}.", pipeline);
        }
        if (runs.Count < options.MinimumRuns)
            throw new KitDataException($"only {runs.Count} runs at or before {asOf:O}; at least {options.MinimumRuns} are needed to predict the next trigger.", pipeline);
        if (runs.Count > options.MaxHistory) runs = runs.Skip(runs.Count - options.MaxHistory).ToArray();
        var rates = _store.GetIngestionRates(pipeline, from: runs[0].TriggerTime, to: asOf.AddMicroseconds(1));
        var features = new TriggerFeatures(pipeline, runs, rates, _holidays);

        // Schedule-driven pipelines (regular gaps, see TriggerSchedule) are modelled as grid slot + offset: a late run is one
        // large offset, not a shift of every later trigger as it would be for the gaps. Irregular pipelines keep the gap target.
        // Either way the target is mapped back to hours after the last trigger by a monotone transform, so the calibration,
        // intervals and distribution below are one code path.
        var schedule = options.DetectSchedule ? TriggerSchedule.TryDetect(features.Runs.Select(r => r.TriggerTime).ToArray(), _holidays) : null;
        double elapsed = (asOf - features.LastTrigger).TotalHours;
        TimeSeries target;
        string targetName;
        Func<double, double> toHours;
        Func<double, double> toScoreHours;
        double slotHours = 0;
        if (schedule is not null)
        {
            var s = schedule;
            // Timestamped at the slot, not at the trigger: the trigger's time of day *is* the offset, so a model with a daily
            // term (Prophet) would read the target from its timestamp and forecast the next offset from the last one's clock time.
            target = new TimeSeries($"{pipeline} minutes after the schedule slot", features.Runs.Select(r => s.OffsetMinutes(r.TriggerTime)).ToArray(),
                features.RunSeasonalPeriod, features.Runs.Select(r => s.NearestSlot(r.TriggerTime)).ToArray());
            targetName = "phase_minutes";
            slotHours = (schedule.NextRunSlot(features.LastTrigger) - features.LastTrigger).TotalHours;
            toHours = m => slotHours + m / 60;
            toScoreHours = m => m / 60;
        }
        else
        {
            // Gaps are positive and, for event-driven feeds, right-skewed: on the log scale additive conformal residuals become
            // multiplicative, so the predictive distribution stays positive without a point mass at "now" (a monotone transform
            // keeps the split-conformal coverage guarantee).
            target = features.InterArrival(withExogenous: false);
            targetName = "gap_hours";
            toHours = options.LogGaps ? g => Math.Exp(g) : g => Math.Max(g, MinGapHours);
            toScoreHours = toHours;
            if (options.LogGaps) target = new TimeSeries(target.Name + " (log)", target.Values.Select(v => Math.Log(v)).ToArray(), target.SeasonalPeriod, target.Timestamps);
        }
        TimeSeries[] series = [target, features.Volume(VolumeMeasure.Rows, false), features.Volume(VolumeMeasure.Bytes, false)];
        string[] targets = [targetName, "rows_in", "bytes_in"];
        var backtest = options.Backtest with { Level = options.Levels[0] };
        var reports = new Backtester(backtest).RunMany(series, Candidates);

        var chosen = new (IForecaster Model, double Point, SplitConformalCalibrator Calibrator, TargetModel Info)[3];
        for (int k = 0; k < 3; k++)
        {
            var report = reports[k];
            var best = report.Best ?? throw new KitDataException(
                $"no candidate could forecast {targets[k]}: {string.Join("; ", report.Leaderboard.Select(s => $"{s.Model}: {s.Error}"))}", pipeline);
            var candidate = Candidates.First(c => c.Name == best.Model);
            IForecaster model;
            ForecastResult forecast;
            try
            {
                model = candidate.Create();
                model.Fit(series[k]);
                forecast = model.Forecast(1, new ForecastOptions { Levels = [options.Levels[0]], Quantiles = [0.5], Seed = backtest.Seed });
            }
            catch (Exception e) when (e is not KitDataException and not OperationCanceledException)
            {
                throw new KitDataException($"the selected model {best.Model} failed on the full history of {targets[k]}: {e.Message}", pipeline, inner: e);
            }
            double point = forecast.Mean[0];
            if (!double.IsFinite(point)) throw new KitDataException($"model {best.Model} forecast {point} for {targets[k]}; expected a finite number.", pipeline);
            var calibrator = report.Calibrator(best.Model);
            var (cov, width, winkler) = SequentialConformalScore(report.Forecasts(best.Model), options.Levels[0], k == 0 ? toScoreHours : v => v);
            string description = k == 0 && schedule is not null
                ? string.Create(CultureInfo.InvariantCulture, $"schedule every {schedule.PeriodHours:G4} h from {schedule.Anchor.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({schedule.ShareOnSchedule:P0} of gaps on schedule, phase concentration R = {schedule.ResultantLength:F3}, {schedule.OffPositions} slots of the week off{(schedule.SkipsHolidays ? ", holidays off" : "")}); offset model: {model.Describe()}")
                : model.Describe();
            chosen[k] = (model, point, calibrator, new TargetModel(targets[k], best.Model, best, cov, width, winkler,
                calibrator.CalibrationSize(0), description, report));
        }

        // Trigger time: point + conformal residuals, clipped to a positive gap, conditioned on "not before asOf". On a schedule,
        // a slot whose whole predictive distribution lies before asOf was skipped: the next slot takes its place.
        var residuals = chosen[0].Calibrator.SignedResiduals(0);
        double[] Samples() => residuals.Select(r => Math.Max(toHours(chosen[0].Point + r), MinGapHours)).ToArray();
        var gapSamples = Samples();
        bool overdue = false;
        if (schedule is not null)
        {
            for (int skipped = 0; !gapSamples.Any(g => g > elapsed) && skipped <= elapsed / schedule.PeriodHours + 1; skipped++)
            {
                slotHours = (schedule.NextRunSlot(features.LastTrigger + TimeSpan.FromHours(slotHours)) - features.LastTrigger).TotalHours;
                gapSamples = Samples();
                overdue = true;
            }
        }
        double gapPoint = toHours(chosen[0].Point);
        var after = gapSamples.Where(g => g > elapsed).ToArray();
        if (after.Length == 0) overdue = true;
        var gapDistribution = new EmpiricalDistribution(after.Length == 0 ? gapSamples.Select(g => elapsed + Math.Abs(g - gapPoint)) : after);
        bool noneAfter = after.Length == 0;

        AciState aci;
        lock (_gate)
        {
            if (!_aci.TryGetValue(pipeline, out aci!) || !options.Levels.All(l => aci.Levels.ContainsKey(l)))
                _aci[pipeline] = aci = RestoreOrCreate(pipeline, options);
        }
        var intervals = new List<TriggerWindow>();
        var alphas = new List<(double, double)>();
        foreach (var level in options.Levels)
        {
            var state = aci.Levels[level];
            double half = chosen[0].Calibrator.HalfWidth(state.Alpha, 0);
            double lo = Math.Max(double.IsFinite(half) ? Math.Max(toHours(chosen[0].Point - half), 0) : 0, elapsed);
            double hi = double.IsFinite(half) ? Math.Max(toHours(chosen[0].Point + half), lo) : double.PositiveInfinity;
            if (noneAfter) { lo = elapsed; hi = Math.Max(gapDistribution.Quantile(level), lo); }
            intervals.Add(new TriggerWindow(level, At(features.LastTrigger, lo), At(features.LastTrigger, hi)));
            alphas.Add((level, state.Alpha));
        }
        // Default width: the interquartile range of the predictive distribution, so the window is as sharp as the forecast is.
        double widthHours = options.WindowWidth?.TotalHours ?? Math.Max(gapDistribution.Quantile(0.75) - gapDistribution.Quantile(0.25), 1.0 / 60);
        var (wFrom, wTo, wP) = gapDistribution.HighestDensityWindow(widthHours);
        var prediction = new TriggerPrediction(pipeline, asOf, features.LastTrigger, gapPoint, gapDistribution, overdue, intervals,
            new TriggerWindow(wP, At(features.LastTrigger, wFrom), At(features.LastTrigger, wTo)), options.Quantiles,
            Volume(VolumeMeasure.Rows, chosen[1].Point, chosen[1].Calibrator, options),
            Volume(VolumeMeasure.Bytes, chosen[2].Point, chosen[2].Calibrator, options),
            chosen.Select(c => c.Info).ToArray(), alphas);

        lock (_gate) aci.Issued = intervals.ToArray();
        if (options.SaveToStore)
        {
            var models = new JsonObject();
            for (int k = 0; k < 3; k++) models[targets[k]] = SavedModel(chosen[k].Model);
            var json = prediction.ToJson();
            json["aci"] = AciJson(aci);
            _store.SavePrediction(new StoredPrediction(Guid.NewGuid().ToString("N"), pipeline, DateTimeOffset.UtcNow,
                string.Join(",", chosen.Select((c, k) => $"{targets[k]}:{c.Info.Model}")), models.ToJsonString(), json.ToJsonString()));
        }
        return prediction;
    }

    /// <summary>
    /// Feeds the actual time of the trigger that the last prediction of <paramref name="pipeline"/> was about back into the
    /// adaptive-conformal state: each level's α_t moves by γ(α − err) (Gibbs &amp; Candès 2021). When this process made no
    /// prediction for the pipeline, the state saved with the latest stored prediction is used.
    /// </summary>
    /// <exception cref="KitDataException">No prediction of the pipeline to compare with.</exception>
    public TriggerObservation Observe(string pipeline, DateTimeOffset actualTrigger)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        lock (_gate)
        {
            if (!_aci.TryGetValue(pipeline, out var aci))
            {
                aci = Restore(pipeline) ?? throw new KitDataException("no prediction of this pipeline to compare the actual trigger with; call PredictNextTrigger first.", pipeline);
                _aci[pipeline] = aci;
            }
            if (aci.Issued is null) throw new KitDataException("the last prediction was already observed; predict again before observing the next trigger.", pipeline);
            var results = new List<(double, bool, double, double)>();
            foreach (var window in aci.Issued)
            {
                var state = aci.Levels[window.Level];
                bool covered = actualTrigger >= window.From && actualTrigger <= window.To;
                state.Update(covered);
                results.Add((window.Level, covered, state.Alpha, state.EmpiricalCoverage));
            }
            aci.Issued = null;
            return new TriggerObservation(pipeline, actualTrigger, results);
        }
    }

    /// <summary>
    /// Out-of-sample score of the conformal interval on the backtest: forecast j is scored with the interval calibrated on
    /// the residuals of forecasts 0..j−1 (from the second half on), so the figure is honest about calibration on unseen data.
    /// </summary>
    private static (double Coverage, double Width, double Winkler) SequentialConformalScore(IReadOnlyList<BacktestForecast> forecasts, double level, Func<double, double> back)
    {
        var oneStep = forecasts.Where(f => f.Step == 1).ToArray();
        int start = Math.Max(1, oneStep.Length / 2);
        if (oneStep.Length - start < 1) return (double.NaN, double.NaN, double.NaN);
        var actual = new List<double>();
        var lower = new List<double>();
        var upper = new List<double>();
        for (int j = start; j < oneStep.Length; j++)
        {
            var cal = new SplitConformalCalibrator([oneStep.Take(j).Select(f => f.Residual).ToArray()]);
            double q = cal.HalfWidth(1 - level, 0);
            if (!double.IsFinite(q)) continue;
            actual.Add(back(oneStep[j].Actual));
            lower.Add(back(oneStep[j].Forecast - q));
            upper.Add(back(oneStep[j].Forecast + q));
        }
        if (actual.Count == 0) return (double.NaN, double.NaN, double.NaN);
        return (IntervalMetrics.Coverage(actual, lower, upper), IntervalMetrics.MeanWidth(lower, upper), IntervalMetrics.MeanWinkler(actual, lower, upper, level));
    }

    private static VolumePrediction Volume(VolumeMeasure measure, double point, SplitConformalCalibrator calibrator, TriggerPredictionOptions options)
    {
        double p = Math.Max(point, 0);
        var distribution = new EmpiricalDistribution(calibrator.SignedResiduals(0).Select(r => Math.Max(p + r, 0)));
        var intervals = options.Levels.Select(level =>
        {
            double half = calibrator.HalfWidth(1 - level, 0);
            return new VolumeInterval(level, Math.Max(p - half, 0), p + half);
        }).ToArray();
        return new VolumePrediction(measure, p, distribution, intervals, options.Quantiles);
    }

    private static DateTimeOffset At(DateTimeOffset last, double hours) =>
        double.IsFinite(hours) ? last + TimeSpan.FromHours(Math.Min(hours, 24 * 365 * 100)) : DateTimeOffset.MaxValue;

    private static JsonNode SavedModel(IForecaster model)
    {
        try
        {
            using var ms = new MemoryStream();
            model.Save(ms);
            return JsonNode.Parse(Encoding.UTF8.GetString(ms.ToArray())) ?? new JsonObject();
        }
        catch (NotSupportedException e)
        {
            return new JsonObject { ["model"] = model.Name, ["unsaved"] = e.Message, ["description"] = model.Describe() };
        }
    }

    private static void Validate(string pipeline, TriggerPredictionOptions options)
    {
        if (options.Levels.Count == 0) throw new KitDataException("no interval level requested; expected e.g. Levels = [0.8, 0.95].", pipeline);
        foreach (var l in options.Levels)
            if (!(l > 0 && l < 1)) throw new KitDataException($"interval level {l.ToString(CultureInfo.InvariantCulture)} is not in (0, 1).", pipeline);
        foreach (var q in options.Quantiles)
            if (!(q >= 0 && q <= 1)) throw new KitDataException($"quantile {q.ToString(CultureInfo.InvariantCulture)} is not in [0, 1].", pipeline);
        if (options.WindowWidth is { } w && !(w > TimeSpan.Zero)) throw new KitDataException($"window width {w} must be positive.", pipeline);
        if (!(options.AciGamma > 0) || !double.IsFinite(options.AciGamma)) throw new KitDataException($"ACI step size {options.AciGamma} must be a positive number.", pipeline);
        if (options.MinimumRuns < 4) throw new KitDataException("MinimumRuns must be at least 4.", pipeline);
    }

    private sealed class AciState
    {
        public Dictionary<double, AdaptiveConformalInference> Levels { get; } = [];
        public TriggerWindow[]? Issued { get; set; }
    }

    private AciState RestoreOrCreate(string pipeline, TriggerPredictionOptions options)
    {
        var state = Restore(pipeline) ?? new AciState();
        state.Issued = null;
        foreach (var level in options.Levels)
            if (!state.Levels.ContainsKey(level)) state.Levels[level] = new AdaptiveConformalInference(level, options.AciGamma);
        return state;
    }

    private static JsonArray AciJson(AciState aci) => new(aci.Levels.OrderBy(kv => kv.Key).Select(kv =>
    {
        var issued = aci.Issued?.FirstOrDefault(w => w.Level == kv.Key);
        var o = new JsonObject
        {
            ["level"] = kv.Key, ["gamma"] = kv.Value.Gamma, ["alpha"] = kv.Value.Alpha, ["observed"] = kv.Value.Observed, ["errors"] = kv.Value.Errors,
        };
        if (issued is not null) { o["from"] = issued.From.ToString("O", CultureInfo.InvariantCulture); o["to"] = issued.To.ToString("O", CultureInfo.InvariantCulture); }
        return (JsonNode)o;
    }).ToArray());

    /// <summary>The ACI state saved with the latest stored prediction of the pipeline, or null.</summary>
    private AciState? Restore(string pipeline)
    {
        var latest = _store.GetPredictions(pipeline).FirstOrDefault();
        if (latest is null) return null;
        if (JsonNode.Parse(latest.PredictionJson)?["aci"] is not JsonArray arr) return null;
        var state = new AciState();
        var issued = new List<TriggerWindow>();
        foreach (var node in arr.OfType<JsonObject>())
        {
            double level = node["level"]!.GetValue<double>();
            state.Levels[level] = AdaptiveConformalInference.Restore(level, node["gamma"]!.GetValue<double>(), node["alpha"]!.GetValue<double>(),
                node["observed"]!.GetValue<int>(), node["errors"]!.GetValue<int>());
            if (node["from"] is { } f && node["to"] is { } t)
                issued.Add(new TriggerWindow(level, DateTimeOffset.Parse(f.GetValue<string>(), CultureInfo.InvariantCulture), DateTimeOffset.Parse(t.GetValue<string>(), CultureInfo.InvariantCulture)));
        }
        state.Issued = issued.Count > 0 ? issued.ToArray() : null;
        return state;
    }
}
