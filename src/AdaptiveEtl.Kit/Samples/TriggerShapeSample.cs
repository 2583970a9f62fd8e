using System.Security.Cryptography;
using System.Text;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Samples;

/// <summary>
/// Seeded run histories of the <see cref="TriggerShape"/> patterns (each member documents its generating process), for
/// checking the coverage of the trigger predictor's windows and volume intervals on pipelines shaped unlike the committed
/// sample data (<c>benchmarks/TriggerCoverage</c>). Every history starts at <see cref="Start"/>; a run's bytes are its rows
/// times <see cref="BytesPerRow"/> with log-normal noise (σ = 0.02); every run succeeds with schema version 1. Deterministic:
/// the same shape, length and seed give the same history.
/// </summary>
public static class TriggerShapeSample
{
    /// <summary>Start of every history: 2025-01-01 00:00 UTC (a Wednesday).</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Probability that a slot of <see cref="TriggerShape.HourlyCronJitter"/> has no run.</summary>
    public const double HourlyMissedRate = 0.05;

    /// <summary>Compound yearly growth of the rows of <see cref="TriggerShape.BusinessDayDaily"/> (0.3 = +30% a year).</summary>
    public const double BusinessGrowthPerYear = 0.3;

    /// <summary>Mean rate of <see cref="TriggerShape.PoissonDiurnal"/> in arrivals per hour (the diurnal rate oscillates around it).</summary>
    public const double PoissonBaseRate = 0.5;

    /// <summary>Mean bytes per ingested row; a run's bytes are rows × this × log-normal noise (σ = 0.02).</summary>
    public const double BytesPerRow = 256;

    /// <summary>
    /// The Central European zone of <see cref="TriggerShape.WeeklyAcrossDst"/>, built from the EU rule rather than read from
    /// the machine's time-zone database (so the history does not depend on it): UTC+1, summer time UTC+2 from 01:00 UTC on the
    /// last Sunday of March to 01:00 UTC on the last Sunday of October.
    /// </summary>
    public static TimeZoneInfo CentralEuropeanZone { get; } = TimeZoneInfo.CreateCustomTimeZone("AdaptiveEtl/Central-European",
        TimeSpan.FromHours(1), "Central European (EU rule)", "CET", "CEST",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday)),
        ]);

    /// <summary>Index (0-based) of the first run of the new regime of <see cref="TriggerShape.RegimeChange"/>: <c>runs / 2</c>.</summary>
    public static int RegimeChangeIndex(int runs) => runs / 2;

    /// <summary>
    /// The business-day calendar of <see cref="TriggerShape.BusinessDayDaily"/>: the eleven US federal holidays (5 U.S.C. 6103)
    /// as observed in <paramref name="year"/> — a holiday on a Saturday is observed on the Friday before, on a Sunday on the
    /// Monday after. So New Year's Day of <paramref name="year"/> + 1 falling on a Saturday is observed on 31 December of
    /// <paramref name="year"/>, and one of <paramref name="year"/> falling on a Saturday is not in <paramref name="year"/>.
    /// </summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> BusinessHolidays(int year)
    {
        if (year is < 1900 or > 9998) throw new ArgumentOutOfRangeException(nameof(year), year, "expected a year from 1900 to 9998.");
        static DateOnly Nth(int y, int month, DayOfWeek day, int n)
        {
            var first = new DateOnly(y, month, 1);
            return first.AddDays(((int)day - (int)first.DayOfWeek + 7) % 7 + 7 * (n - 1));
        }
        static DateOnly Last(int y, int month, DayOfWeek day)
        {
            var last = new DateOnly(y, month, DateTime.DaysInMonth(y, month));
            return last.AddDays(-(((int)last.DayOfWeek - (int)day + 7) % 7));
        }
        static DateOnly Observed(DateOnly d) => d.DayOfWeek switch
        {
            DayOfWeek.Saturday => d.AddDays(-1),
            DayOfWeek.Sunday => d.AddDays(1),
            _ => d,
        };
        (DateOnly, string)[] list =
        [
            (Observed(new DateOnly(year, 1, 1)), "New Year's Day"),
            (Nth(year, 1, DayOfWeek.Monday, 3), "Martin Luther King Jr. Day"),
            (Nth(year, 2, DayOfWeek.Monday, 3), "Washington's Birthday"),
            (Last(year, 5, DayOfWeek.Monday), "Memorial Day"),
            (Observed(new DateOnly(year, 6, 19)), "Juneteenth"),
            (Observed(new DateOnly(year, 7, 4)), "Independence Day"),
            (Nth(year, 9, DayOfWeek.Monday, 1), "Labor Day"),
            (Nth(year, 10, DayOfWeek.Monday, 2), "Columbus Day"),
            (Observed(new DateOnly(year, 11, 11)), "Veterans Day"),
            (Nth(year, 11, DayOfWeek.Thursday, 4), "Thanksgiving Day"),
            (Observed(new DateOnly(year, 12, 25)), "Christmas Day"),
            (Observed(new DateOnly(year + 1, 1, 1)), "New Year's Day"),
        ];
        return list.Where(h => h.Item1.Year == year).OrderBy(h => h.Item1).ToArray();
    }

    /// <summary>Pipeline name of a shape: its name in snake case, e.g. <c>hourly_cron_jitter</c>.</summary>
    public static string PipelineName(TriggerShape shape)
    {
        var name = shape.ToString();
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    /// <summary>Generates <paramref name="runs"/> runs of <paramref name="shape"/> from <see cref="Start"/> with the given seed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 4 or more than 100 000 runs, or an unknown shape.</exception>
    public static TriggerShapeHistory Generate(TriggerShape shape, int runs, int seed)
    {
        if (runs is < 4 or > 100_000) throw new ArgumentOutOfRangeException(nameof(runs), runs, "expected 4 to 100 000 runs.");
        var rng = new SampleRandom(seed);
        var raw = new List<(DateTimeOffset Trigger, double Rows, int Files)>(runs);
        var holidays = HolidayCalendar.None;
        int missed = 0;
        switch (shape)
        {
            case TriggerShape.HourlyCronJitter:
                missed = HourlyCronJitter(rng, runs, raw);
                break;
            case TriggerShape.BusinessDayDaily:
                holidays = BusinessDayDaily(rng, runs, raw);
                break;
            case TriggerShape.PoissonDiurnal:
                PoissonDiurnal(rng, runs, raw);
                break;
            case TriggerShape.WeeklyAcrossDst:
                WeeklyAcrossDst(rng, runs, raw);
                break;
            case TriggerShape.RegimeChange:
                RegimeChange(rng, runs, raw);
                break;
            case TriggerShape.IrregularFileDrops:
                IrregularFileDrops(rng, runs, raw);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown trigger shape.");
        }
        string pipeline = PipelineName(shape);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{pipeline}:schema:v1")))[..16];
        var records = new RunRecord[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            var (trigger, rows, files) = raw[i];
            var t = new DateTimeOffset(trigger.UtcTicks - trigger.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            long r = Math.Max(1, (long)rows);
            var started = t.AddSeconds(3 + i % 7);
            records[i] = new RunRecord(pipeline, i + 1, t, started, started.AddSeconds(Math.Round(20 + r / 2_000.0)), r,
                (long)(r * BytesPerRow * rng.LogNormal(0, 0.02)), files, 1, hash, "success");
        }
        return new TriggerShapeHistory(shape, pipeline, records, holidays, missed);
    }

    private static int HourlyCronJitter(SampleRandom rng, int runs, List<(DateTimeOffset, double, int)> raw)
    {
        int missed = 0;
        double carry = 0;
        for (var slot = Start; raw.Count < runs; slot = slot.AddHours(1))
        {
            double h = slot.Hour;
            carry += 20_000 * (1 + 0.6 * Math.Sin(2 * Math.PI * (h - 9) / 24)) * rng.LogNormal(0, 0.12);
            if (rng.Chance(HourlyMissedRate)) { missed++; continue; }
            raw.Add((slot.AddMinutes(1 + rng.Exponential(1.0 / 3)), carry, 1));
            carry = 0;
        }
        return missed;
    }

    private static HolidayCalendar BusinessDayDaily(SampleRandom rng, int runs, List<(DateTimeOffset, double, int)> raw)
    {
        var days = new List<DateOnly>();
        var calendar = new List<(DateOnly, string)>();
        int year = Start.Year - 1;
        var observed = new HashSet<DateOnly>();
        bool IsBusinessDay(DateOnly d)
        {
            while (year < d.Year + 1) // the calendar of the year after d too, for a 31 December observance
            {
                year++;
                foreach (var h in BusinessHolidays(year)) { observed.Add(h.Date); if (year >= Start.Year) calendar.Add(h); }
            }
            return d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !observed.Contains(d);
        }
        var start = DateOnly.FromDateTime(Start.UtcDateTime);
        var previous = start.AddDays(-1);
        while (!IsBusinessDay(previous)) previous = previous.AddDays(-1);
        for (var day = start; raw.Count < runs; day = day.AddDays(1))
        {
            if (!IsBusinessDay(day)) continue;
            int covered = day.DayNumber - previous.DayNumber;
            previous = day;
            double years = (day.DayNumber - start.DayNumber) / 365.25;
            double rows = 50_000 * Math.Pow(1 + BusinessGrowthPerYear, years) * (1 + 0.4 * (covered - 1)) * rng.LogNormal(0, 0.08);
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 30)), TimeSpan.Zero).AddMinutes(rng.Normal(0, 4));
            raw.Add((at, rows, 1));
        }
        var last = DateOnly.FromDateTime(raw[^1].Item1.UtcDateTime);
        return new HolidayCalendar(calendar.Where(h => h.Item1 <= new DateOnly(last.Year, 12, 31)));
    }

    private static void PoissonDiurnal(SampleRandom rng, int runs, List<(DateTimeOffset, double, int)> raw)
    {
        // Thinning (Lewis & Shedler 1979): candidates at the maximum rate, each kept with probability λ(t) / λmax.
        double max = PoissonBaseRate * 1.8;
        double hours = 0;
        while (raw.Count < runs)
        {
            hours += rng.Exponential(max);
            double h = hours % 24;
            double rate = PoissonBaseRate * (1 + 0.8 * Math.Sin(2 * Math.PI * (h - 8) / 24));
            if (!rng.Chance(rate / max)) continue;
            var at = Start + TimeSpan.FromHours(hours);
            double rows = rng.LogNormal(Math.Log(2_000), 0.5);
            // Trigger times are kept to the second: an arrival in the same second as the previous one joins its run.
            if (raw.Count > 0 && (long)(at - Start).TotalSeconds == (long)(raw[^1].Item1 - Start).TotalSeconds) raw[^1] = (raw[^1].Item1, raw[^1].Item2 + rows, 1);
            else raw.Add((at, rows, 1));
        }
    }

    private static void WeeklyAcrossDst(SampleRandom rng, int runs, List<(DateTimeOffset, double, int)> raw)
    {
        var day = DateOnly.FromDateTime(Start.UtcDateTime);
        while (day.DayOfWeek != DayOfWeek.Monday) day = day.AddDays(1);
        for (; raw.Count < runs; day = day.AddDays(7))
        {
            var local = day.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Unspecified);
            var utc = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, CentralEuropeanZone), TimeSpan.Zero);
            raw.Add((utc.AddMinutes(rng.Normal(0, 5)), rng.LogNormal(Math.Log(200_000), 0.05), 1));
        }
    }

    private static void RegimeChange(SampleRandom rng, int runs, List<(DateTimeOffset, double, int)> raw)
    {
        int change = RegimeChangeIndex(runs);
        var slot = Start.AddHours(1);
        for (int i = 0; i < change; i++, slot = slot.AddDays(1))
            raw.Add((slot.AddMinutes(rng.Normal(0, 5)), rng.LogNormal(Math.Log(100_000), 0.05), 1));
        // The first 6-hourly slot (00:15, 06:15, 12:15, 18:15) at least an hour after the last daily slot at 01:00.
        var last = slot.AddDays(-1);
        var next = last.Date + TimeSpan.FromMinutes(15);
        var six = new DateTimeOffset(next, TimeSpan.Zero);
        while (six < last.AddHours(1)) six = six.AddHours(6);
        for (; raw.Count < runs; six = six.AddHours(6))
            raw.Add((six.AddMinutes(rng.Normal(0, 5)), rng.LogNormal(Math.Log(30_000), 0.10), 1));
    }

    private static void IrregularFileDrops(SampleRandom rng, int runs, List<(DateTimeOffset, double, int)> raw)
    {
        var day = Start;
        while (raw.Count < runs)
        {
            int files = rng.Int(1, 5);
            double rows = 0;
            for (int f = 0; f < files; f++) rows += rng.LogNormal(Math.Log(15_000), 0.3);
            raw.Add((day.AddHours(rng.Uniform(9, 17)), rows, files));
            day = day.AddDays(1 + Math.Min(rng.Poisson(1.2), 5));
        }
    }
}
