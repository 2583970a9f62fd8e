using System.Globalization;
using System.Text;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using AdaptiveEtl.Kit.Triggers;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Tests.Triggers;

public sealed class TriggerPredictorTests
{
    private static readonly DateTimeOffset Day0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A daily pipeline: trigger at 02:00 + N(0, 5 min) (seed 3), rows 1000 on weekdays and 500 on weekends + N(0, 20).</summary>
    private static RunHistoryStore DailyStore(int days, out List<DateTimeOffset> triggers)
    {
        var rng = new Random(3);
        var csv = new StringBuilder("run_id,pipeline,trigger_time,rows_in,bytes_in,file_count,schema_version,schema_hash,outcome\n");
        triggers = [];
        for (int d = 0; d < days; d++)
        {
            var t = Day0.AddDays(d).AddHours(2).AddMinutes(Normal.Sample(rng, 0, 5));
            t = new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            triggers.Add(t);
            bool weekend = t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            long rows = (long)Math.Round((weekend ? 500 : 1000) + Normal.Sample(rng, 0, 20));
            csv.Append(CultureInfo.InvariantCulture, $"{d + 1},daily,{t:yyyy-MM-ddTHH:mm:ssZ},{rows},{rows * 64},1,1,abc,success\n");
        }
        var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(new StringReader(csv.ToString()), "daily.csv");
        return store;
    }

    [Fact]
    public void Predicts_the_next_daily_trigger_window_and_volume_and_saves_it()
    {
        using var store = DailyStore(121, out var triggers);
        var predictor = new TriggerPredictor(store, [new ForecasterCandidate("Naive", () => new NaiveForecaster())]);
        var asOf = triggers[119].AddMinutes(1); // the last run is held out
        var p = predictor.PredictNextTrigger("daily", asOf, new TriggerPredictionOptions { Levels = [0.8, 0.95], WindowWidth = TimeSpan.FromMinutes(30) });

        Assert.Equal(triggers[119], p.LastTrigger);
        var actual = triggers[120];
        // Truth: 02:00 ± 5 min the next day; the gap is 24 h + (e₂ − e₁), sd ≈ 7 min.
        Assert.InRange((p.ExpectedTrigger - Day0.AddDays(120).AddHours(2)).Duration(), TimeSpan.Zero, TimeSpan.FromMinutes(15));
        var i95 = p.Interval(0.95);
        Assert.InRange(actual, i95.From, i95.To);
        Assert.InRange((i95.To - i95.From).TotalMinutes, 10, 90);
        Assert.True(p.Interval(0.8).To - p.Interval(0.8).From <= i95.To - i95.From);
        Assert.InRange(p.ProbabilityWithin(Day0.AddDays(120), Day0.AddDays(121)), 0.99, 1.0);
        Assert.Equal(0, p.ProbabilityWithin(Day0.AddDays(122), Day0.AddDays(123)));
        Assert.InRange(p.MostLikelyWindow.Level, 0.5, 1.0);
        Assert.Equal(TimeSpan.FromMinutes(30), p.MostLikelyWindow.To - p.MostLikelyWindow.From);
        Assert.True(p.Quantiles[0.1] <= p.Quantiles[0.5] && p.Quantiles[0.5] <= p.Quantiles[0.9]);

        // Day 120 (2025-05-01) is a Thursday: ~1000 rows.
        Assert.InRange(p.Rows.Point, 900, 1100);
        Assert.InRange(p.Bytes.Point, 900 * 64, 1100 * 64);
        // A daily schedule: the trigger time is modelled as slot + offset (before the schedule target it was "gap_hours").
        Assert.Equal(["phase_minutes", "rows_in", "bytes_in"], p.Models.Select(m => m.Target));
        Assert.Equal("Prophet", p.Models[1].Model); // weekday pattern: Prophet's weekly term beats the last value on rows
        Assert.All(p.Models, m => Assert.Equal(60, m.CalibrationSize));
        Assert.InRange(p.Models[0].ConformalCoverage, 0.6, 1.0);
        Assert.Contains("Next trigger of daily", p.ToHtml());

        var saved = store.GetPredictions("daily").Single();
        Assert.Contains("phase_minutes:", saved.ModelName);
        Assert.Contains("\"expected_trigger\"", saved.PredictionJson);
        Assert.Contains("adaptive-etl-kit/forecaster-1", saved.ModelJson);
    }

    [Fact]
    public void Observe_updates_the_adaptive_level_also_from_a_stored_prediction()
    {
        using var store = DailyStore(60, out var triggers);
        var options = new TriggerPredictionOptions { Levels = [0.8], AciGamma = 0.05, Backtest = new BacktestOptions { MaxOrigins = 20, RefitEvery = 10 } };
        var predictor = new TriggerPredictor(store);
        var p = predictor.PredictNextTrigger("daily", triggers[58], options);
        Assert.Equal(0.2, p.AciAlphas[0].Alpha, 12);

        // A trigger far outside the window is a miss: α = 0.2 + 0.05·(0.2 − 1) = 0.16 → the next interval is wider.
        var miss = predictor.Observe("daily", p.Interval(0.8).To.AddHours(5));
        Assert.False(miss.Levels[0].Covered);
        Assert.Equal(0.16, miss.Levels[0].Alpha, 12);
        Assert.Throws<KitDataException>(() => predictor.Observe("daily", triggers[59]));

        // A fresh predictor (another process) restores the state saved with the latest prediction.
        var p2 = predictor.PredictNextTrigger("daily", triggers[58], options);
        Assert.Equal(0.16, p2.AciAlphas[0].Alpha, 12);
        Assert.True(p2.Interval(0.8).To - p2.Interval(0.8).From >= p.Interval(0.8).To - p.Interval(0.8).From);
        var other = new TriggerPredictor(store);
        var hit = other.Observe("daily", p2.ExpectedTrigger);
        Assert.True(hit.Levels[0].Covered);
        Assert.Equal(0.16 + 0.05 * 0.2, hit.Levels[0].Alpha, 12);
    }

    [Fact]
    public void Bad_input_names_the_pipeline_and_a_failed_fit_writes_nothing()
    {
        using var store = DailyStore(30, out var triggers);
        var predictor = new TriggerPredictor(store);
        var unknown = Assert.Throws<KitDataException>(() => predictor.PredictNextTrigger("nope", triggers[^1]));
        Assert.Equal("nope", unknown.Location);
        Assert.Contains("daily", unknown.Message);
        var tooShort = Assert.Throws<KitDataException>(() => predictor.PredictNextTrigger("daily", triggers[5]));
        Assert.Equal("daily", tooShort.Location);
        var nan = Assert.Throws<KitDataException>(() => predictor.PredictNextTrigger("daily", triggers[^1], new TriggerPredictionOptions { Levels = [double.NaN] }));
        Assert.Equal("daily", nan.Location);

        var failing = new TriggerPredictor(store, [new ForecasterCandidate("Failing", () => new FailingForecaster())], includeProphet: false);
        var e = Assert.Throws<KitDataException>(() => failing.PredictNextTrigger("daily", triggers[^1]));
        Assert.Equal("daily", e.Location);
        Assert.Contains("needs 1000 observations", e.Message);
        Assert.Empty(store.GetPredictions());
    }

    [Fact]
    public void Log_gaps_keep_the_distribution_of_poisson_arrivals_positive()
    {
        // Poisson arrivals at 1 per hour (exponential gaps, seed 8): P(gap < 1 min) = 1 − e^(−1/60) ≈ 1.7%.
        var rng = new Random(8);
        var csv = new StringBuilder("run_id,pipeline,trigger_time,rows_in,bytes_in,file_count,schema_version,schema_hash,outcome\n");
        var t = Day0;
        for (int i = 0; i < 300; i++)
        {
            t = t.AddSeconds(Math.Max(1, Math.Round(Exponential.Sample(rng, 1.0) * 3600)));
            csv.Append(CultureInfo.InvariantCulture, $"{i + 1},feed,{t:yyyy-MM-ddTHH:mm:ssZ},100,6400,1,1,abc,success\n");
        }
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(new StringReader(csv.ToString()), "feed.csv");
        var predictor = new TriggerPredictor(store);
        var options = new TriggerPredictionOptions { SaveToStore = false, Backtest = new BacktestOptions { MaxOrigins = 100, RefitEvery = 20 } };
        var log = predictor.PredictNextTrigger("feed", t, options);
        Assert.Equal("gap_hours", log.Models[0].Target); // Poisson arrivals are not a schedule
        var additive = predictor.PredictNextTrigger("feed", t, options with { LogGaps = false });
        double nearZeroLog = log.ProbabilityWithin(t, t.AddMinutes(1));
        double nearZeroAdditive = additive.ProbabilityWithin(t, t.AddMinutes(1));
        Assert.InRange(nearZeroLog, 0, 0.08);
        // Additive residuals on a skewed gap pile up at "immediately" once clipped at zero.
        Assert.True(nearZeroAdditive > nearZeroLog + 0.1, $"additive {nearZeroAdditive}, log {nearZeroLog}");
        // Median of Exp(1 h) is ln 2 h ≈ 42 min; the log-scale forecast should be in that region.
        Assert.InRange((log.Quantiles[0.5] - t).TotalMinutes, 20, 80);
    }

    [Fact]
    public void Sample_history_orders_daily_is_covered_by_its_intervals()
    {
        var path = RepoPaths.Sample("etl_runs.csv");
        if (!File.Exists(path)) Assert.Skip("data-samples/etl_runs.csv is not generated yet");
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(path);
        var holidays = HolidayCalendar.LoadCsv(RepoPaths.Sample("holidays.csv"));
        var predictor = new TriggerPredictor(store, holidays: holidays);
        var runs = store.GetRunRecords("orders_daily");
        // Twenty daily one-step-ahead predictions (Dec 12 to Dec 31, including the 41-min-late month-end run of Dec 31). With
        // the schedule target the 95% windows are ~25 min wide instead of the ~1.5 h of the gap target, which covered the late
        // month-end run only by being wide (the earlier version of this test asserted 5–6 of 6 weekly-spaced windows covered).
        // Reference: if each window covers with probability 0.95, P(at least 17 of 20 covered) = 0.984 (binomial:
        // scipy.stats.binom.sf(16, 20, 0.95) = 0.9841).
        int covered = 0;
        double widthMinutes = 0;
        for (int k = 0; k < 20; k++)
        {
            int i = runs.Count - 1 - k;
            var p = predictor.PredictNextTrigger("orders_daily", runs[i - 1].TriggerTime, new TriggerPredictionOptions { SaveToStore = false });
            var w = p.Interval(0.95);
            if (runs[i].TriggerTime >= w.From && runs[i].TriggerTime <= w.To) covered++;
            widthMinutes += (w.To - w.From).TotalMinutes / 20;
        }
        Assert.InRange(covered, 17, 20);
        Assert.InRange(widthMinutes, 10, 45);
    }

    [Fact]
    public void A_short_history_with_an_unbounded_interval_is_saved_with_a_null_bound()
    {
        // Issue 17: `kit run --max-history 30` crashed serialising +∞ to JSON. 30 runs → the backtest starts at half the series,
        // so 15 one-step residuals calibrate the intervals. Split conformal (Vovk et al. 2005; Lei et al. 2018) takes the
        // ⌈(n+1)(1−α)⌉-th smallest |residual|: for n = 15 at 95% that is rank ⌈15.2⌉ = 16 > n, an unbounded interval; at 80%
        // rank ⌈12.8⌉ = 13 ≤ n, a finite one.
        var path = RepoPaths.Sample("etl_runs.csv");
        if (!File.Exists(path)) Assert.Skip("data-samples/etl_runs.csv is not generated yet");
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(path);
        var predictor = new TriggerPredictor(store, [new ForecasterCandidate("Naive", () => new NaiveForecaster())], includeProphet: false);
        var asOf = store.GetRunRecords("clickstream_hourly")[^1].TriggerTime;
        var p = predictor.PredictNextTrigger("clickstream_hourly", asOf, new TriggerPredictionOptions { Levels = [0.8, 0.95], MaxHistory = 30 });

        Assert.All(p.Models, m => Assert.Equal(15, m.CalibrationSize));
        Assert.True(double.IsPositiveInfinity(p.Rows.Intervals[1].Upper));
        Assert.True(double.IsFinite(p.Rows.Intervals[0].Upper));
        var saved = System.Text.Json.Nodes.JsonNode.Parse(store.GetPredictions("clickstream_hourly").Single().PredictionJson)!;
        var rows95 = saved["rows_in"]!["intervals"]![1]!;
        Assert.Equal(0.95, rows95["level"]!.GetValue<double>());
        Assert.Null(rows95["upper"]); // unbounded: JSON has no infinity
        Assert.Equal(p.Rows.Intervals[0].Upper, saved["rows_in"]!["intervals"]![0]!["upper"]!.GetValue<double>());
        Assert.Null(saved["intervals"]![1]!["to"]); // the 95% trigger window is unbounded too
        Assert.NotNull(saved["intervals"]![0]!["to"]);
    }

    /// <summary>Test double whose fit always fails, like a model that needs more data.</summary>
    private sealed class FailingForecaster : IForecaster
    {
        public string Name => "Failing";
        public bool IsFitted => false;
        public IForecaster Fit(TimeSeries series) => throw new KitDataException("needs 1000 observations.", series.Name);
        public ForecastResult Forecast(int horizon, ForecastOptions? options = null) => throw new InvalidOperationException("not fitted");
        public string Describe() => "fails";
        public void Save(Stream stream) => throw new NotSupportedException("test double");
    }
}
