namespace AdaptiveEtl.Kit.Forecasting.Statistics;

/// <summary>
/// How forecast steps are placed after the last observation: a whole number of calendar months (monthly, quarterly, yearly
/// histories, as prophet's <c>make_future_dataframe(freq='MS'|'M'|'QS'|'YS'…)</c>) or a fixed duration (the median spacing).
/// </summary>
/// <param name="Ticks">Fixed spacing in ticks, used when <paramref name="Months"/> is 0.</param>
/// <param name="Months">Calendar months per step (1, 2, 3, 4, 6 or 12), or 0 for a fixed spacing.</param>
/// <param name="Day">Anchor day of month (1–31); months shorter than it use their last day, so 31 means month ends.</param>
internal sealed record TimestampStep(long Ticks, int Months, int Day)
{
    private static readonly int[] CalendarMonths = [1, 2, 3, 4, 6, 12];

    /// <summary>The step of a history, or null when it has fewer than two timestamps.</summary>
    public static TimestampStep? Of(IReadOnlyList<DateTimeOffset>? timestamps)
    {
        if (timestamps is null || timestamps.Count < 2) return null;
        var gaps = new long[timestamps.Count - 1];
        for (int i = 1; i < timestamps.Count; i++) gaps[i - 1] = (timestamps[i] - timestamps[i - 1]).Ticks;
        Array.Sort(gaps);
        long median = gaps[gaps.Length / 2];
        return Calendar(timestamps) ?? new TimestampStep(median, 0, 0);
    }

    /// <summary>
    /// A calendar step when every timestamp has the same offset and time of day, falls on the same anchor day of month (or the
    /// last day of shorter months), and consecutive months differ by one whole multiple of 1, 2, 3, 4, 6 or 12 months.
    /// </summary>
    private static TimestampStep? Calendar(IReadOnlyList<DateTimeOffset> ts)
    {
        var first = ts[0];
        int day = 0;
        var monthGaps = new List<int>(ts.Count - 1);
        for (int i = 0; i < ts.Count; i++)
        {
            var t = ts[i];
            if (t.Offset != first.Offset || t.TimeOfDay != first.TimeOfDay) return null;
            day = Math.Max(day, t.Day);
            if (i > 0) monthGaps.Add(MonthIndex(t) - MonthIndex(ts[i - 1]));
        }
        foreach (var t in ts) if (t.Day != Math.Min(day, DateTime.DaysInMonth(t.Year, t.Month))) return null;
        if (monthGaps.Any(g => g <= 0)) return null;
        var sorted = monthGaps.OrderBy(g => g).ToArray();
        int months = sorted[sorted.Length / 2];
        if (Array.IndexOf(CalendarMonths, months) < 0 || monthGaps.Any(g => g % months != 0)) return null;
        return new TimestampStep(0, months, day);
    }

    private static int MonthIndex(DateTimeOffset t) => t.Year * 12 + t.Month - 1;

    /// <summary>The <paramref name="horizon"/> timestamps after <paramref name="last"/>.</summary>
    public IReadOnlyList<DateTimeOffset> After(DateTimeOffset last, int horizon)
    {
        var result = new DateTimeOffset[horizon];
        for (int k = 1; k <= horizon; k++)
        {
            if (Months == 0) { result[k - 1] = last + TimeSpan.FromTicks(Ticks * k); continue; }
            int index = MonthIndex(last) + Months * k, year = index / 12, month = index % 12 + 1;
            int d = Math.Min(Day, DateTime.DaysInMonth(year, month));
            result[k - 1] = new DateTimeOffset(year, month, d, 0, 0, 0, last.Offset) + last.TimeOfDay;
        }
        return result;
    }
}
