namespace AdaptiveEtl.Kit.Triggers;

/// <summary>
/// The regular grid a schedule-driven pipeline fires on: slots at <see cref="Anchor"/> + n·<see cref="PeriodHours"/>.
/// Each trigger is its nearest slot plus an offset; a late run is a large offset of one slot, not a shift of the whole
/// schedule, which is why the predictor forecasts offsets (target <c>phase_minutes</c>) instead of gaps for such pipelines.
/// </summary>
/// <remarks>
/// Regularity test (<see cref="TryDetect"/>): with P the median gap (snapped to a calendar period such as 1 h, 24 h or
/// 168 h when within 2%, otherwise refined by least squares of trigger time on slot number), at least
/// <see cref="RegularShare"/> of the gaps must lie within <see cref="Tolerance"/>·P of k·P for k = 1..<see cref="MaxSkippedSlots"/>+1
/// (so skipped slots, gaps of 2P or 3P, still count as regular), and the trigger phases (time mod P) must be concentrated:
/// mean resultant length R ≥ <see cref="MinResultantLength"/> (Mardia &amp; Jupp, <i>Directional Statistics</i>, 2000, §2.3.1).
/// The anchor is the circular mean of the phases, so offsets are centred on zero. Each trigger must fall on its own slot
/// (two runs within half a period, e.g. a manual re-run, fail the test and the pipeline keeps the gap target).
/// </remarks>
internal sealed class TriggerSchedule
{
    /// <summary>Largest relative deviation of a gap from a multiple of the period that still counts as on schedule.</summary>
    public const double Tolerance = 0.1;

    /// <summary>Share of gaps that must be on schedule.</summary>
    public const double RegularShare = 0.9;

    /// <summary>Most consecutive slots a run may skip with the gap still counting as on schedule.</summary>
    public const int MaxSkippedSlots = 3;

    /// <summary>Smallest mean resultant length of the phases (1 = all triggers at the same phase).</summary>
    public const double MinResultantLength = 0.8;

    private static readonly double[] CalendarPeriodsHours = [5 / 60.0, 10 / 60.0, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 24, 48, 168];
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private TriggerSchedule(double periodHours, DateTimeOffset anchor, double regularShare, double resultantLength)
    {
        PeriodHours = periodHours;
        Anchor = anchor;
        ShareOnSchedule = regularShare;
        ResultantLength = resultantLength;
    }

    /// <summary>Period P of the grid in hours.</summary>
    public double PeriodHours { get; }

    /// <summary>A slot of the grid (the circular mean phase).</summary>
    public DateTimeOffset Anchor { get; }

    /// <summary>Share of gaps within the tolerance of a multiple of P.</summary>
    public double ShareOnSchedule { get; }

    /// <summary>Mean resultant length of the trigger phases.</summary>
    public double ResultantLength { get; }

    /// <summary>The nearest slot to <paramref name="time"/>.</summary>
    public DateTimeOffset NearestSlot(DateTimeOffset time) => Slot(Math.Round((time - Anchor).TotalHours / PeriodHours));

    /// <summary>Minutes from the nearest slot to <paramref name="time"/> (in [−P/2, P/2]).</summary>
    public double OffsetMinutes(DateTimeOffset time) => (time - NearestSlot(time)).TotalMinutes;

    /// <summary>The first slot after the slot of <paramref name="trigger"/>.</summary>
    public DateTimeOffset NextSlot(DateTimeOffset trigger) => Slot(Math.Round((trigger - Anchor).TotalHours / PeriodHours) + 1);

    private DateTimeOffset Slot(double n) => Anchor + TimeSpan.FromHours(n * PeriodHours);

    /// <summary>The grid of <paramref name="triggers"/> (sorted, distinct), or null when they do not pass the regularity test.</summary>
    public static TriggerSchedule? TryDetect(IReadOnlyList<DateTimeOffset> triggers)
    {
        if (triggers.Count < 4) return null;
        var gaps = Enumerable.Range(1, triggers.Count - 1).Select(i => (triggers[i] - triggers[i - 1]).TotalHours).ToArray();
        double median = gaps.Order().ElementAt(gaps.Length / 2);
        if (!(median > 0)) return null;
        double period = CalendarPeriodsHours.FirstOrDefault(c => Math.Abs(median - c) <= 0.02 * c);
        if (period == 0) period = LeastSquaresPeriod(triggers, gaps, median);
        if (!(period > 0)) return null;

        int onSchedule = gaps.Count(g =>
        {
            double k = Math.Round(g / period);
            return k >= 1 && k <= MaxSkippedSlots + 1 && Math.Abs(g - k * period) <= Tolerance * period;
        });
        double share = (double)onSchedule / gaps.Length;
        if (share < RegularShare) return null;

        // Circular mean of the phases θ = 2π·(t mod P)/P.
        double sin = 0, cos = 0;
        foreach (var t in triggers)
        {
            double theta = 2 * Math.PI * ((t - Epoch).TotalHours % period) / period;
            sin += Math.Sin(theta);
            cos += Math.Cos(theta);
        }
        double r = Math.Sqrt(sin * sin + cos * cos) / triggers.Count;
        if (r < MinResultantLength) return null;
        double phase = Math.Atan2(sin, cos);
        if (phase < 0) phase += 2 * Math.PI;
        var schedule = new TriggerSchedule(period, Epoch + TimeSpan.FromHours(phase / (2 * Math.PI) * period), share, r);
        // Each trigger must own its slot (a re-run within half a period would make two offsets share one slot time).
        for (int i = 1; i < triggers.Count; i++)
            if (schedule.NearestSlot(triggers[i]) <= schedule.NearestSlot(triggers[i - 1])) return null;
        return schedule;
    }

    /// <summary>Slope of trigger time on slot number (slots counted as round(gap / median)), a drift-free period for non-calendar schedules.</summary>
    private static double LeastSquaresPeriod(IReadOnlyList<DateTimeOffset> triggers, double[] gaps, double median)
    {
        var n = new double[triggers.Count];
        var t = new double[triggers.Count];
        for (int i = 1; i < triggers.Count; i++)
        {
            n[i] = n[i - 1] + Math.Max(1, Math.Round(gaps[i - 1] / median));
            t[i] = (triggers[i] - triggers[0]).TotalHours;
        }
        double nMean = n.Average(), tMean = t.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < n.Length; i++) { sxy += (n[i] - nMean) * (t[i] - tMean); sxx += (n[i] - nMean) * (n[i] - nMean); }
        return sxx > 0 ? sxy / sxx : median;
    }
}
