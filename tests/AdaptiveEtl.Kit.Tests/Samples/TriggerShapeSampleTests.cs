using AdaptiveEtl.Kit.Samples;

namespace AdaptiveEtl.Kit.Tests.Samples;

/// <summary>
/// Each <see cref="TriggerShape"/> history has the properties its documentation states, checked against the documented
/// formulas and published calendars (not against the generator's output). Statistical bounds are ≥ 4 standard errors wide.
/// </summary>
public sealed class TriggerShapeSampleTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<TriggerShape> Shapes => new(Enum.GetValues<TriggerShape>());

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Same_seed_gives_the_same_history_and_runs_are_ordered(TriggerShape shape)
    {
        var a = TriggerShapeSample.Generate(shape, 300, 7);
        var b = TriggerShapeSample.Generate(shape, 300, 7);
        var c = TriggerShapeSample.Generate(shape, 300, 8);
        Assert.Equal(a.Runs, b.Runs);
        Assert.NotEqual(a.Runs.Select(r => r.TriggerTime), c.Runs.Select(r => r.TriggerTime));
        Assert.Equal(300, a.Runs.Count);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), a.Runs.Select(r => r.RunId));
        Assert.All(a.Runs, r => Assert.Equal(a.Pipeline, r.Pipeline));
        for (int i = 1; i < a.Runs.Count; i++) Assert.True(a.Runs[i].TriggerTime > a.Runs[i - 1].TriggerTime);
        Assert.All(a.Runs, r => Assert.Equal(0, r.TriggerTime.Ticks % TimeSpan.TicksPerSecond));
        Assert.All(a.Runs, r => Assert.True(r.TriggerTime >= Start && r.TriggerTime.Offset == TimeSpan.Zero));
        Assert.All(a.Runs, r => Assert.True(r.RowsIn > 0 && r.BytesIn > 0 && r.Outcome == "success"));
    }

    [Fact]
    public void Pipeline_names_are_the_shapes_in_snake_case()
    {
        Assert.Equal("hourly_cron_jitter", TriggerShapeSample.PipelineName(TriggerShape.HourlyCronJitter));
        Assert.Equal("weekly_across_dst", TriggerShapeSample.Generate(TriggerShape.WeeklyAcrossDst, 10, 1).Pipeline);
    }

    [Fact]
    public void Hourly_cron_runs_after_their_slot_and_misses_the_documented_share()
    {
        var h = TriggerShapeSample.Generate(TriggerShape.HourlyCronJitter, 3000, 11);
        var slots = h.Runs.Select(r => new DateTimeOffset(r.TriggerTime.Year, r.TriggerTime.Month, r.TriggerTime.Day, r.TriggerTime.Hour, 0, 0, TimeSpan.Zero)).ToArray();
        Assert.Equal(slots.Length, slots.Distinct().Count()); // one run per slot at most
        // Delay = 1 min + Exp(mean 3 min): never under 1 min; mean 4 min (sd 3 min, se 0.055 min for n = 3000; truncation to
        // the second lowers it by ≤ 1 s).
        var delays = h.Runs.Select((r, i) => (r.TriggerTime - slots[i]).TotalMinutes).ToArray();
        Assert.All(delays, d => Assert.True(d >= 1 - 1 / 60.0, $"delay {d} min"));
        Assert.InRange(delays.Average(), 4 - 0.25, 4 + 0.25);
        // Missed slots: every slot from the start to the last run's slot is a run or a miss.
        int totalSlots = (int)((slots[^1] - Start).TotalHours) + 1;
        Assert.Equal(totalSlots - h.Runs.Count, h.MissedSlots);
        // Binomial share p = 0.05: sd √(0.05·0.95/3158) ≈ 0.0039.
        Assert.InRange((double)h.MissedSlots / totalSlots, 0.05 - 0.016, 0.05 + 0.016);
        // Rows: each slot brings 20 000·(1 + 0.6 sin(2π(h−9)/24))·LN(0, 0.12), E[LN] = e^(0.12²/2) = 1.00723; a run carries its
        // slot and the missed ones before it, so the rows of all runs over the rows the formula gives their slots is ≈ 1.
        double expected = 0;
        for (var s = Start; s <= slots[^1]; s = s.AddHours(1)) expected += 20_000 * (1 + 0.6 * Math.Sin(2 * Math.PI * (s.Hour - 9) / 24)) * Math.Exp(0.0072);
        Assert.InRange(h.Runs.Sum(r => (double)r.RowsIn) / expected, 0.99, 1.01);
        // The daily cycle peaks at 15:00 UTC (1.6×) and bottoms at 03:00 (0.4×): runs of un-missed slots show the 4× ratio.
        double At(int hour) => h.Runs.Where((r, i) => r.TriggerTime.Hour == hour && (i == 0 || slots[i - 1] == slots[i].AddHours(-1))).Average(r => Math.Log(r.RowsIn));
        Assert.InRange(At(15) - At(3), Math.Log(4) - 0.1, Math.Log(4) + 0.1);
    }

    // US federal holidays as published by OPM (opm.gov/policy-data-oversight/pay-leave/federal-holidays), observed dates.
    private static readonly DateOnly[] Opm2022 = Dates("2021-12-31", "2022-01-17", "2022-02-21", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05", "2022-10-10", "2022-11-11", "2022-11-24", "2022-12-26");
    private static readonly DateOnly[] Opm2025 = Dates("2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25");
    private static readonly DateOnly[] Opm2026 = Dates("2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25");
    private static readonly DateOnly[] Opm2027 = Dates("2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-06-18", "2027-07-05", "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25", "2027-12-24");

    private static DateOnly[] Dates(params string[] dates) => dates.Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Business_holidays_are_the_published_federal_holidays()
    {
        Assert.Equal(Opm2025, TriggerShapeSample.BusinessHolidays(2025).Select(h => h.Date));
        Assert.Equal(Opm2026, TriggerShapeSample.BusinessHolidays(2026).Select(h => h.Date));
        // 2027: New Year's Day 2028 is a Saturday, observed on Friday 31 December 2027.
        Assert.Equal([.. Opm2027, new DateOnly(2027, 12, 31)], TriggerShapeSample.BusinessHolidays(2027).Select(h => h.Date));
        // 2022: New Year's Day is a Saturday, observed in 2021 (so 2022's list starts with MLK Day).
        Assert.Equal(Opm2022[1..], TriggerShapeSample.BusinessHolidays(2022).Select(h => h.Date));
        Assert.Equal(new DateOnly(2021, 12, 31), TriggerShapeSample.BusinessHolidays(2021)[^1].Date);
    }

    [Fact]
    public void Business_day_runs_fire_on_every_working_day_only_and_grow()
    {
        var h = TriggerShapeSample.Generate(TriggerShape.BusinessDayDaily, 600, 5);
        var holidays = Opm2025.Concat(Opm2026).Concat(Opm2027).Append(new DateOnly(2027, 12, 31)).ToHashSet(); // 31 Dec 2027: New Year 2028
        var days = h.Runs.Select(r => DateOnly.FromDateTime(r.TriggerTime.UtcDateTime)).ToArray();
        Assert.True(days[^1] < new DateOnly(2027, 12, 24), "the test's calendar covers the history");
        var working = new List<DateOnly>();
        for (var d = new DateOnly(2025, 1, 1); d <= days[^1]; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(d)) working.Add(d);
        Assert.Equal(working, days);
        Assert.Equal(holidays.Where(d => d <= new DateOnly(days[^1].Year, 12, 31)).Order(), h.Holidays.Holidays.Select(x => x.Date));
        // 06:30 + N(0, 4 min): all within 5 sd (20 min).
        Assert.All(h.Runs, r => Assert.InRange((r.TriggerTime - new DateTimeOffset(r.TriggerTime.Date, TimeSpan.Zero).AddHours(6.5)).TotalMinutes, -20, 20));
        // log rows = log 50 000 + log(1.3)·years + log(1 + 0.4(d − 1)) + N(0, 0.08): the least-squares slope on years of the
        // left-hand side minus the carry-over term is log 1.3 = 0.2624 (se ≈ 0.08 / (sd(years)·√n) ≈ 0.005).
        double[] years = days.Select(d => (d.DayNumber - new DateOnly(2025, 1, 1).DayNumber) / 365.25).ToArray();
        double[] y = h.Runs.Select((r, i) =>
        {
            var prev = i > 0 ? days[i - 1] : new DateOnly(2024, 12, 31);
            return Math.Log(r.RowsIn) - Math.Log(1 + 0.4 * (days[i].DayNumber - prev.DayNumber - 1));
        }).ToArray();
        double ym = y.Average(), xm = years.Average();
        double slope = years.Select((x, i) => (x - xm) * (y[i] - ym)).Sum() / years.Sum(x => (x - xm) * (x - xm));
        Assert.InRange(slope, Math.Log(1.3) - 0.03, Math.Log(1.3) + 0.03);
        Assert.InRange(y.Select((v, i) => v - slope * (years[i] - xm)).Average() - slope * xm, Math.Log(50_000) - 0.02, Math.Log(50_000) + 0.02);
    }

    [Fact]
    public void Poisson_arrivals_follow_the_diurnal_rate()
    {
        var h = TriggerShapeSample.Generate(TriggerShape.PoissonDiurnal, 4000, 3);
        // Mean rate 0.5 per hour: n / span within ±4 relative se (1/√n ≈ 1.6%).
        double span = (h.Runs[^1].TriggerTime - Start).TotalHours;
        Assert.InRange(h.Runs.Count / span, 0.5 * 0.935, 0.5 * 1.065);
        // Share of arrivals in 08:00–20:00 UTC: ∫₈²⁰ (1 + 0.8 sin(2π(h−8)/24)) dh / 24 = (12 + 0.8·24/π) / 24 = 0.7546
        // (sd √(0.75·0.25/4000) ≈ 0.007).
        double day = h.Runs.Count(r => r.TriggerTime.Hour is >= 8 and < 20) / (double)h.Runs.Count;
        Assert.InRange(day, 0.7546 - 0.03, 0.7546 + 0.03);
        // Peak hour 14:00 (rate 1.8 × base) against trough hour 02:00 (0.2 × base): the 14:00–15:00 bin over the 02:00–03:00 bin
        // is (1 + 0.8·avg sin over the bin) / (1 − 0.8·…) ≈ 8.9; loosely (counts are Poisson, ≈ 300 vs ≈ 35).
        double peak = h.Runs.Count(r => r.TriggerTime.Hour == 14), trough = h.Runs.Count(r => r.TriggerTime.Hour == 2);
        Assert.InRange(peak / trough, 5, 15);
        // Rows LN(log 2000, 0.5) independent of the gap.
        var logs = h.Runs.Select(r => Math.Log(r.RowsIn)).ToArray();
        Assert.InRange(logs.Average(), Math.Log(2000) - 0.04, Math.Log(2000) + 0.04);
        Assert.InRange(Math.Sqrt(logs.Select(l => (l - logs.Average()) * (l - logs.Average())).Average()), 0.47, 0.53);
    }

    [Fact]
    public void Weekly_runs_follow_the_central_european_clock_in_utc()
    {
        var h = TriggerShapeSample.Generate(TriggerShape.WeeklyAcrossDst, 150, 9);
        // EU summer time (Directive 2000/84/EC): from the last Sunday of March to the last Sunday of October.
        (DateOnly From, DateOnly To)[] summer =
            [(new(2025, 3, 30), new(2025, 10, 26)), (new(2026, 3, 29), new(2026, 10, 25)), (new(2027, 3, 28), new(2027, 10, 31))];
        var first = new DateOnly(2025, 1, 6); // the first Monday of 2025
        Assert.True(DateOnly.FromDateTime(h.Runs[^1].TriggerTime.UtcDateTime) < new DateOnly(2027, 12, 31));
        for (int i = 0; i < h.Runs.Count; i++)
        {
            var t = h.Runs[i].TriggerTime;
            var date = first.AddDays(7 * i);
            bool isSummer = summer.Any(s => date > s.From && date < s.To);
            var slot = new DateTimeOffset(date.ToDateTime(new TimeOnly(isSummer ? 7 : 8, 0)), TimeSpan.Zero);
            Assert.InRange((t - slot).TotalMinutes, -25, 25); // N(0, 5 min): 5 sd
        }
        Assert.Contains(h.Runs, r => r.TriggerTime.Hour == 6 || r.TriggerTime.Hour == 7); // summer runs exist
        // The system's IANA zone, where available, agrees with the generator's zone on every run's Monday 09:00.
        TimeZoneInfo? berlin = null;
        try { berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"); } catch (TimeZoneNotFoundException) { }
        if (berlin is not null)
            for (int i = 0; i < h.Runs.Count; i++)
            {
                var local = first.AddDays(7 * i).ToDateTime(new TimeOnly(9, 0));
                Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(local, berlin), TimeZoneInfo.ConvertTimeToUtc(local, TriggerShapeSample.CentralEuropeanZone));
            }
        var logs = h.Runs.Select(r => Math.Log(r.RowsIn)).ToArray();
        Assert.InRange(logs.Average(), Math.Log(200_000) - 0.02, Math.Log(200_000) + 0.02);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(301)]
    public void Regime_changes_at_half_the_runs(int runs)
    {
        var h = TriggerShapeSample.Generate(TriggerShape.RegimeChange, runs, 4);
        int change = runs / 2;
        Assert.Equal(change, TriggerShapeSample.RegimeChangeIndex(runs));
        for (int i = 0; i < change; i++) // day i at 01:00 + N(0, 5 min)
            Assert.InRange((h.Runs[i].TriggerTime - Start.AddDays(i).AddHours(1)).TotalMinutes, -25, 25);
        var firstSix = Start.AddDays(change - 1).AddHours(6.25); // the 06:15 slot of the last daily run's day
        for (int i = change; i < runs; i++)
            Assert.InRange((h.Runs[i].TriggerTime - firstSix.AddHours(6 * (i - change))).TotalMinutes, -25, 25);
        static (double Mean, double Sd) LogStats(IEnumerable<long> rows)
        {
            var l = rows.Select(r => Math.Log(r)).ToArray();
            double m = l.Average();
            return (m, Math.Sqrt(l.Select(v => (v - m) * (v - m)).Sum() / (l.Length - 1)));
        }
        var before = LogStats(h.Runs.Take(change).Select(r => r.RowsIn));
        var after = LogStats(h.Runs.Skip(change).Select(r => r.RowsIn));
        Assert.InRange(before.Mean, Math.Log(100_000) - 0.02, Math.Log(100_000) + 0.02);
        Assert.InRange(after.Mean, Math.Log(30_000) - 0.04, Math.Log(30_000) + 0.04);
        // Sample sd of n normals has se ≈ σ/√(2n): 0.0035 and 0.007 for n = 100.
        Assert.InRange(before.Sd, 0.035, 0.065);
        Assert.InRange(after.Sd, 0.072, 0.128);
    }

    [Fact]
    public void File_drops_come_every_one_to_six_days_in_office_hours()
    {
        var h = TriggerShapeSample.Generate(TriggerShape.IrregularFileDrops, 1500, 6);
        var days = h.Runs.Select(r => DateOnly.FromDateTime(r.TriggerTime.UtcDateTime)).ToArray();
        Assert.Equal(new DateOnly(2025, 1, 1), days[0]);
        var gaps = days.Zip(days.Skip(1), (a, b) => b.DayNumber - a.DayNumber).ToArray();
        Assert.All(gaps, g => Assert.InRange(g, 1, 6));
        // 1 + min(Poisson(1.2), 5): mean 2.2 (P(Poisson(1.2) > 5) ≈ 0.0018 changes it by < 0.001), sd 1.095, se 0.028.
        Assert.InRange(gaps.Average(), 2.2 - 0.12, 2.2 + 0.12);
        // Poisson(1.2) = 0 with probability e^(−1.2) = 0.3012: share of one-day gaps (sd 0.012).
        Assert.InRange(gaps.Count(g => g == 1) / (double)gaps.Length, 0.3012 - 0.05, 0.3012 + 0.05);
        Assert.All(h.Runs, r => Assert.InRange(r.TriggerTime.TimeOfDay, TimeSpan.FromHours(9), TimeSpan.FromHours(17)));
        Assert.All(h.Runs, r => Assert.InRange(r.FileCount, 1, 4));
        Assert.All(Enumerable.Range(1, 4), f => Assert.InRange(h.Runs.Count(r => r.FileCount == f) / 1500.0, 0.25 - 0.05, 0.25 + 0.05));
        // One-file drops: LN(log 15 000, 0.3).
        var one = h.Runs.Where(r => r.FileCount == 1).Select(r => Math.Log(r.RowsIn)).ToArray();
        Assert.InRange(one.Average(), Math.Log(15_000) - 0.06, Math.Log(15_000) + 0.06);
    }
}
