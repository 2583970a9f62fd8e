using System.Globalization;
using System.Text;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using AdaptiveEtl.Kit.Triggers;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Tests.Triggers;

/// <summary>The schedule ("phase") target: slot + offset for periodic pipelines, the gap target for irregular ones.</summary>
public sealed class ScheduleTargetTests
{
    private static readonly DateTimeOffset Day0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TriggerPredictionOptions Fast = new() { Levels = [0.8, 0.95], Backtest = new BacktestOptions { MaxOrigins = 40, RefitEvery = 10 } };

    private static RunHistoryStore Store(string pipeline, IReadOnlyList<DateTimeOffset> triggers)
    {
        var csv = new StringBuilder("run_id,pipeline,trigger_time,rows_in,bytes_in,file_count,schema_version,schema_hash,outcome\n");
        for (int i = 0; i < triggers.Count; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i + 1},{pipeline},{triggers[i]:yyyy-MM-ddTHH:mm:ssZ},{1000 + i % 7},{64000 + i % 7},1,1,abc,success\n");
        var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(new StringReader(csv.ToString()), pipeline + ".csv");
        return store;
    }

    private static DateTimeOffset Seconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    [Fact]
    public void A_single_late_daily_run_does_not_move_the_predicted_schedule()
    {
        // Simulation: day d fires at 02:00 + N(0, 3 min) (seed 11) for 90 days; the last run (day 89) is 45 min late.
        // Truth for day 90: 02:00 + N(0, 3 min), so the central 80% is 02:00 ± 1.2816·3 ≈ ±3.8 min (normal quantile z₀.₉ = 1.2816).
        var rng = new Random(11);
        var triggers = Enumerable.Range(0, 90).Select(d => Seconds(Day0.AddDays(d).AddHours(2).AddMinutes(Normal.Sample(rng, 0, 3)))).ToList();
        triggers[^1] = Day0.AddDays(89).AddHours(2).AddMinutes(45);
        using var store = Store("daily", triggers);
        var predictor = new TriggerPredictor(store);
        var p = predictor.PredictNextTrigger("daily", triggers[^1], Fast);

        var slot = Day0.AddDays(90).AddHours(2);
        Assert.Equal("phase_minutes", p.Models[0].Target);
        var w80 = p.Interval(0.8);
        Assert.InRange(slot, w80.From, w80.To);
        var centre = w80.From + (w80.To - w80.From) / 2;
        Assert.InRange((centre - slot).Duration().TotalMinutes, 0, 10);
        Assert.True((centre - slot.AddMinutes(45)).Duration() > TimeSpan.FromMinutes(30), $"window {w80.From:HH:mm}–{w80.To:HH:mm} is centred on the late time");
        Assert.InRange((p.ExpectedTrigger - slot).Duration().TotalMinutes, 0, 10);
        Assert.True(w80.To - w80.From <= p.Interval(0.95).To - p.Interval(0.95).From);
        // Nearly all of the predictive mass lies within ±15 min (= 5 sd) of the slot, none near the late clock time.
        Assert.InRange(p.ProbabilityWithin(slot.AddMinutes(-15), slot.AddMinutes(15)), 0.9, 1.0);
        Assert.InRange(p.ProbabilityWithin(slot.AddMinutes(35), slot.AddMinutes(55)), 0, 0.05);
        Assert.InRange(p.MostLikelyWindow.From, slot.AddMinutes(-15), slot.AddMinutes(15));
        Assert.True(p.Quantiles[0.1] <= p.Quantiles[0.5] && p.Quantiles[0.5] <= p.Quantiles[0.9]);
        Assert.Contains("schedule every 24 h", p.Models[0].Description);

        // ACI on the phase target: the trigger at the slot is covered, α = 0.2 + 0.05·(0.2 − 0) = 0.21 (Gibbs & Candès 2021).
        var observed = predictor.Observe("daily", slot);
        Assert.True(observed.Levels[0].Covered);
        Assert.Equal(0.2 + 0.05 * 0.2, observed.Levels[0].Alpha, 12);
        Assert.Contains("phase_minutes:", store.GetPredictions("daily").Single().ModelName);
    }

    [Fact]
    public void Hourly_pipeline_with_skipped_hours_keeps_the_schedule_and_predicts_the_next_slot()
    {
        // Simulation: slot h fires at hh:05 + N(0, 1.5 min) (seed 5); each slot is skipped with probability 0.15, giving gaps of 2P, 3P.
        var rng = new Random(5);
        var triggers = new List<DateTimeOffset>();
        for (int h = 0; triggers.Count < 300; h++)
            if (rng.NextDouble() >= 0.15) triggers.Add(Seconds(Day0.AddHours(h).AddMinutes(5 + Normal.Sample(rng, 0, 1.5))));
        var gaps = triggers.Zip(triggers.Skip(1), (a, b) => Math.Round((b - a).TotalHours)).ToArray();
        Assert.Contains(2.0, gaps); // the history does contain skipped hours
        using var store = Store("hourly", triggers);
        var predictor = new TriggerPredictor(store);
        var last = triggers[^1];
        var lastSlot = new DateTimeOffset(last.Year, last.Month, last.Day, last.Hour, 5, 0, TimeSpan.Zero);

        var p = predictor.PredictNextTrigger("hourly", last, Fast with { SaveToStore = false });
        Assert.Equal("phase_minutes", p.Models[0].Target);
        Assert.InRange((p.ExpectedTrigger - lastSlot.AddHours(1)).Duration().TotalMinutes, 0, 3);
        Assert.InRange(lastSlot.AddHours(1), p.Interval(0.8).From, p.Interval(0.8).To);
        Assert.False(p.IsOverdue);

        // 70 minutes later the next slot has passed without a trigger (a skipped hour): the slot after it is predicted.
        var late = predictor.PredictNextTrigger("hourly", last.AddMinutes(70), Fast with { SaveToStore = false });
        Assert.True(late.IsOverdue);
        Assert.InRange((late.ExpectedTrigger - lastSlot.AddHours(2)).Duration().TotalMinutes, 0, 3);
        Assert.InRange(lastSlot.AddHours(2), late.Interval(0.8).From, late.Interval(0.8).To);
        Assert.True(late.Interval(0.95).From >= last.AddMinutes(70));
    }

    [Fact]
    public void Business_day_pipeline_after_a_friday_run_predicts_monday_and_skips_a_monday_holiday()
    {
        // TriggerShape.BusinessDayDaily: Monday–Friday 06:30 UTC + N(0, 4 min), never on a US federal holiday. After a Friday
        // run the next trigger is Monday 06:30, or Tuesday 06:30 when Monday is a holiday (the slots of Saturday and Sunday
        // never held a run; the history's holidays never did either). Before off slots were learnt, the predictor placed the
        // next trigger on Saturday 06:30.
        var h = AdaptiveEtl.Kit.Samples.TriggerShapeSample.Generate(AdaptiveEtl.Kit.Samples.TriggerShape.BusinessDayDaily, 300, 2);
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        foreach (var r in h.Runs) store.Append(r);
        var predictor = new TriggerPredictor(store, holidays: h.Holidays);
        var options = Fast with { SaveToStore = false };
        // Labor Day 2025-09-01 and Columbus Day 2025-10-13 are Mondays (OPM); 2025-09-19 is an ordinary Friday.
        foreach (var (friday, next) in new[] { (new DateOnly(2025, 9, 19), new DateOnly(2025, 9, 22)), (new DateOnly(2025, 10, 10), new DateOnly(2025, 10, 14)) })
        {
            var run = h.Runs.Single(r => DateOnly.FromDateTime(r.TriggerTime.UtcDateTime) == friday);
            var p = predictor.PredictNextTrigger(h.Pipeline, run.TriggerTime, options);
            var slot = new DateTimeOffset(next.ToDateTime(new TimeOnly(6, 30)), TimeSpan.Zero);
            Assert.Equal("phase_minutes", p.Models[0].Target);
            var w = p.Interval(0.8);
            Assert.InRange(slot, w.From, w.To);
            Assert.InRange((w.To - w.From).TotalMinutes, 1, 30); // 80% of N(0, 4 min) is ±5.1 min
            Assert.InRange((p.ExpectedTrigger - slot).Duration().TotalMinutes, 0, 8);
            Assert.Equal(0, p.ProbabilityWithin(run.TriggerTime, slot.AddHours(-12)));
            Assert.Contains("2 slots of the week off, holidays off", p.Models[0].Description);
        }
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(8, true)]
    public void An_hour_of_the_week_is_off_only_when_chance_cannot_explain_its_misses(int weeks, bool off)
    {
        // Hourly at :05 + up to 2 min (seed 13), 10% of the hours missed at random, and Monday 03:00 missed every week. With q the
        // share of empty slots (≈ 0.09 here) and W = 168 positions, the position is off when q^k < 0.01/168, i.e. k >
        // ln(0.01/168)/ln(q), which is 3.4 to 4.8 for q in [0.07, 0.13]: not after 3 empty Mondays (chance explains them, though
        // k ≥ MinWeeksForOffSlot = 3), but after 8.
        var rng = new Random(13);
        var monday = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var triggers = new List<DateTimeOffset>();
        for (int h = 0; h < weeks * 168; h++)
        {
            var slot = monday.AddHours(h);
            if ((slot.DayOfWeek == DayOfWeek.Monday && slot.Hour == 3) || rng.NextDouble() < 0.1) continue;
            triggers.Add(Seconds(slot.AddMinutes(5 + 2 * rng.NextDouble())));
        }
        var schedule = TriggerSchedule.TryDetect(triggers)!;
        Assert.NotNull(schedule);
        Assert.Equal(off ? 1 : 0, schedule.OffPositions);
        var next = schedule.NextRunSlot(monday.AddDays(7 * (weeks - 1)).AddHours(2).AddMinutes(6)); // after the last Monday 02:05 run
        Assert.Equal(monday.AddDays(7 * (weeks - 1)).Date, next.UtcDateTime.Date);
        Assert.Equal(off ? 4 : 3, next.Hour);
        Assert.InRange(next.Minute, 5, 7);
    }

    [Fact]
    public void Sample_orders_daily_after_the_late_month_end_run_predicts_the_usual_two_am_trigger()
    {
        var path = RepoPaths.Sample("etl_runs.csv");
        if (!File.Exists(path)) Assert.Skip("data-samples/etl_runs.csv is not generated yet");
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(path);
        var predictor = new TriggerPredictor(store, holidays: HolidayCalendar.LoadCsv(RepoPaths.Sample("holidays.csv")));
        var options = new TriggerPredictionOptions { SaveToStore = false };

        // orders_daily fires at ~02:00 UTC; the last run (2025-12-31, month end) fired at 02:41 (data-samples/etl_runs.csv).
        var runs = store.GetRunRecords("orders_daily");
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 2, 41, 6, TimeSpan.Zero), runs[^1].TriggerTime);
        var p = predictor.PredictNextTrigger("orders_daily", runs[^1].TriggerTime, options);
        var twoAm = new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal("phase_minutes", p.Models[0].Target);
        var w = p.Interval(0.8);
        Assert.InRange(twoAm, w.From, w.To);
        Assert.InRange(w.From, twoAm.AddMinutes(-30), twoAm);
        Assert.InRange(w.To, twoAm, twoAm.AddMinutes(30));
        Assert.InRange((p.ExpectedTrigger - twoAm).Duration().TotalMinutes, 0, 15);

        // partner_feed (Poisson-like arrivals) fails the regularity test and keeps the gap target.
        var feed = store.GetRunRecords("partner_feed");
        var q = predictor.PredictNextTrigger("partner_feed", feed[^1].TriggerTime, options);
        Assert.Equal("gap_hours", q.Models[0].Target);
        Assert.True(q.Interval(0.8).From >= feed[^1].TriggerTime);
    }
}
