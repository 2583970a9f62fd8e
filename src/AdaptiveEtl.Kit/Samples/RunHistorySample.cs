using System.Security.Cryptography;
using System.Text;

namespace AdaptiveEtl.Kit.Samples;

/// <summary>
/// A year (2025) of ETL runs for four pipelines with different trigger patterns: daily with weekday seasonality and
/// holiday dips, roughly hourly with skipped hours, weekly, and an irregular partner feed (a non-homogeneous Poisson
/// process). Also the holiday calendar the daily pipeline follows.
/// </summary>
internal static class RunHistorySample
{
    public static readonly (DateOnly Date, string Name)[] Holidays =
    [
        (new DateOnly(2025, 1, 1), "New Year's Day"),
        (new DateOnly(2025, 1, 20), "Martin Luther King Jr. Day"),
        (new DateOnly(2025, 2, 17), "Presidents' Day"),
        (new DateOnly(2025, 5, 26), "Memorial Day"),
        (new DateOnly(2025, 7, 4), "Independence Day"),
        (new DateOnly(2025, 9, 1), "Labor Day"),
        (new DateOnly(2025, 11, 27), "Thanksgiving"),
        (new DateOnly(2025, 12, 25), "Christmas Day"),
        (new DateOnly(2025, 12, 26), "Day after Christmas"),
    ];

    private sealed record Run(string Pipeline, DateTimeOffset Trigger, double DurationSeconds, long Rows, long Bytes, int Files,
        int SchemaVersion, double IngestionRate, bool Failed);

    public static string HolidaysCsv()
    {
        var csv = new CsvText("date", "name");
        foreach (var (date, name) in Holidays) csv.Row(date, name);
        return csv.ToString();
    }

    public static string RunsCsv(int seed)
    {
        var rng = new SampleRandom(seed);
        var runs = new List<Run>();
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var holidays = Holidays.Select(h => h.Date).ToHashSet();
        double[] weekday = [0.55, 1.25, 1.15, 1.1, 1.1, 1.0, 0.6]; // Sunday..Saturday

        // orders_daily: 02:00 UTC with jitter; volume with trend, weekday pattern and holiday dips; schema v2 from mid-June.
        for (var day = start; day < end; day = day.AddDays(1))
        {
            var date = DateOnly.FromDateTime(day.UtcDateTime);
            double t = (day - start).TotalDays / 365.0;
            var trigger = day.AddHours(2).AddMinutes(rng.Normal(0, 6));
            if (date.Day == DateTime.DaysInMonth(date.Year, date.Month)) trigger = trigger.AddMinutes(45 + rng.Normal(0, 10)); // month-end close runs late
            double factor = (1 + 0.35 * t) * weekday[(int)day.DayOfWeek] * (holidays.Contains(date) ? 0.35 : 1.0);
            long rows = (long)(48_000 * factor * rng.LogNormal(0, 0.07));
            int version = date < new DateOnly(2025, 6, 16) ? 1 : 2;
            runs.Add(new Run("orders_daily", trigger, 90 + rows / 900.0 * rng.LogNormal(0, 0.1), rows,
                (long)(rows * (version == 1 ? 182 : 196) * rng.LogNormal(0, 0.02)), 1 + (int)(rows / 20_000), version,
                rows / 86_400.0 * rng.LogNormal(0, 0.15), rng.Chance(0.02)));
        }

        // clickstream_hourly: about five past each hour; 7% of hours skipped (the next run picks up both); daily cycle.
        double carry = 0;
        for (var hour = start; hour < end; hour = hour.AddHours(1))
        {
            double h = hour.UtcDateTime.Hour;
            double cycle = 1 + 0.65 * Math.Sin(2 * Math.PI * (h - 9) / 24.0);
            double weekend = hour.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.7 : 1.0;
            double volume = 21_000 * cycle * weekend * rng.LogNormal(0, 0.12);
            if (rng.Chance(0.07)) { carry += volume; continue; }
            long rows = (long)(volume + carry);
            carry = 0;
            var trigger = hour.AddMinutes(5 + Math.Abs(rng.Normal(0, 2.5)));
            runs.Add(new Run("clickstream_hourly", trigger, 20 + rows / 4_000.0 * rng.LogNormal(0, 0.1), rows,
                (long)(rows * 410 * rng.LogNormal(0, 0.03)), 1 + (int)(rows / 15_000), 1, volume / 3600.0 * rng.LogNormal(0, 0.1), rng.Chance(0.01)));
        }

        // inventory_weekly: Mondays 06:00 UTC.
        for (var day = start; day < end; day = day.AddDays(1))
        {
            if (day.DayOfWeek != DayOfWeek.Monday) continue;
            long rows = (long)(210_000 * rng.LogNormal(0, 0.05));
            runs.Add(new Run("inventory_weekly", day.AddHours(6).AddMinutes(rng.Normal(0, 8)), 300 + rows / 1_500.0, rows,
                rows * 96, 12, 1, rows / 604_800.0 * rng.LogNormal(0, 0.2), rng.Chance(0.02)));
        }

        // partner_feed: non-homogeneous Poisson arrivals by thinning (Lewis & Shedler 1979): 0.3/h on weekday
        // business hours (08-18 UTC), 0.04/h otherwise; batch sizes log-normal and larger after long gaps.
        const double maxRate = 0.3;
        var last = start;
        for (var tt = start; ;)
        {
            tt = tt.AddHours(rng.Exponential(maxRate));
            if (tt >= end) break;
            bool business = tt.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && tt.UtcDateTime.Hour is >= 8 and < 18;
            double rate = business ? 0.3 : 0.04;
            if (!rng.Chance(rate / maxRate)) continue;
            double gapHours = (tt - last).TotalHours;
            last = tt;
            long rows = (long)(2_500 * Math.Sqrt(1 + gapHours) * rng.LogNormal(0, 0.35));
            runs.Add(new Run("partner_feed", tt, 15 + rows / 700.0, rows, rows * 256, 1 + rng.Poisson(1.5), 1,
                rows / Math.Max(gapHours * 3600, 600) * rng.LogNormal(0, 0.2), rng.Chance(0.04)));
        }

        var csv = new CsvText("run_id", "pipeline", "trigger_time", "start_time", "end_time", "rows_in", "bytes_in", "file_count",
            "schema_version", "schema_hash", "ingestion_rate_rps", "outcome");
        int id = 1;
        foreach (var r in runs.OrderBy(r => r.Trigger).ThenBy(r => r.Pipeline, StringComparer.Ordinal))
        {
            var trigger = Truncate(r.Trigger);
            var startTime = trigger.AddSeconds(3 + (id % 7));
            var endTime = startTime.AddSeconds(Math.Round(r.DurationSeconds));
            csv.Row(id++, r.Pipeline, trigger, startTime, endTime, r.Rows, r.Bytes, r.Files, r.SchemaVersion,
                SchemaHash(r.Pipeline, r.SchemaVersion), Math.Round(r.IngestionRate, 3), r.Failed ? "failed" : "success");
        }
        return csv.ToString();
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static string SchemaHash(string pipeline, int version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{pipeline}:schema:v{version}")))[..16];
}
