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
/// <para>
/// Skipped slots (<see cref="NextRunSlot"/>): when P divides a week into W positions (slot time mod 168 h), a position that
/// recurs k ≥ <see cref="MinWeeksForOffSlot"/> times between the first and the last trigger without ever holding a run is off
/// (the weekend of a business-day pipeline) if that is unlikely to be chance: q^k &lt; <see cref="OffSlotSignificance"/>/W, with q
/// the share of all slots of the history without a run (Bonferroni over the W positions); and when the history's holiday slots (on positions that are not off) were mostly
/// without a run, every holiday slot of the calendar is off too. Random misses of an hourly cron do not make a position off.
/// </para>
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

    /// <summary>Fewest recurrences of a position of the week without any run before the position counts as off.</summary>
    public const int MinWeeksForOffSlot = 3;

    /// <summary>Family-wise chance of taking randomly missed slots for an off position of the week (see <see cref="NextRunSlot"/>).</summary>
    public const double OffSlotSignificance = 0.01;

    private const double WeekHours = 168;
    private bool[] _offPositions = [];
    private HolidayCalendar _holidays = HolidayCalendar.None;

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

    /// <summary>Number of positions of the week that never held a run (see the remarks); 0 when P does not divide a week.</summary>
    public int OffPositions => _offPositions.Count(o => o);

    /// <summary>True when the pipeline skipped most of the holiday slots of its history, so holiday slots are off.</summary>
    public bool SkipsHolidays { get; private set; }

    /// <summary>
    /// The first slot after the slot of <paramref name="time"/> that is not off (see the remarks): after a Friday run of a
    /// business-day pipeline, the Monday slot (or the Tuesday one when Monday is a holiday it skips). Falls back to
    /// <see cref="NextSlot"/> when every slot of the following week is off.
    /// </summary>
    public DateTimeOffset NextRunSlot(DateTimeOffset time)
    {
        double n = Math.Round((time - Anchor).TotalHours / PeriodHours);
        int limit = Math.Max(_offPositions.Length, 1) + 1;
        for (int k = 1; k <= limit; k++)
        {
            var slot = Slot(n + k);
            if (!IsOff(slot)) return slot;
        }
        return Slot(n + 1);
    }

    private bool IsOff(DateTimeOffset slot) =>
        (_offPositions.Length > 0 && _offPositions[WeekPosition(slot)]) || (SkipsHolidays && _holidays.IsHoliday(slot));

    private int WeekPosition(DateTimeOffset slot)
    {
        double hours = ((slot - Epoch).TotalHours % WeekHours + WeekHours) % WeekHours;
        return (int)Math.Round(hours / PeriodHours) % _offPositions.Length;
    }

    private void LearnOffSlots(IReadOnlyList<DateTimeOffset> triggers, HolidayCalendar holidays)
    {
        var occupied = triggers.Select(t => (long)Math.Round((t - Anchor).TotalHours / PeriodHours)).ToHashSet();
        long first = occupied.Min(), last = occupied.Max();
        double perWeek = WeekHours / PeriodHours;
        int positions = (int)Math.Round(perWeek);
        if (positions >= 2 && Math.Abs(perWeek - positions) < 1e-9 && last - first < 10_000_000)
        {
            _offPositions = new bool[positions];
            var seen = new int[positions];
            var held = new int[positions];
            for (long i = first; i <= last; i++)
            {
                int p = WeekPosition(Slot(i));
                seen[p]++;
                if (occupied.Contains(i)) held[p]++;
            }
            // Random misses must not make a position off: k empty recurrences at the overall share q of empty slots have
            // probability q^k, which must stay under OffSlotSignificance / positions (Bonferroni over the positions).
            double q = 1 - (double)held.Sum() / seen.Sum();
            double logBound = Math.Log(OffSlotSignificance / positions);
            for (int p = 0; p < positions; p++)
                _offPositions[p] = held[p] == 0 && seen[p] >= MinWeeksForOffSlot && q < 1 && (q <= 0 || seen[p] * Math.Log(q) < logBound);
        }
        int holidaySlots = 0, holidayRuns = 0;
        for (long i = first; i <= last && last - first < 10_000_000; i++)
        {
            var slot = Slot(i);
            if ((_offPositions.Length > 0 && _offPositions[WeekPosition(slot)]) || !holidays.IsHoliday(slot)) continue;
            holidaySlots++;
            if (occupied.Contains(i)) holidayRuns++;
        }
        _holidays = holidays;
        SkipsHolidays = holidaySlots > 0 && 2 * holidayRuns < holidaySlots;
    }

    private DateTimeOffset Slot(double n) => Anchor + TimeSpan.FromHours(n * PeriodHours);

    /// <summary>
    /// The grid of <paramref name="triggers"/> (sorted, distinct), or null when they do not pass the regularity test; with the
    /// off slots learnt from them and <paramref name="holidays"/>.
    /// </summary>
    public static TriggerSchedule? TryDetect(IReadOnlyList<DateTimeOffset> triggers, HolidayCalendar? holidays = null)
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
        schedule.LearnOffSlots(triggers, holidays ?? HolidayCalendar.None);
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
