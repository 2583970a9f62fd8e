using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.History;

namespace AdaptiveEtl.Kit.Triggers;

/// <summary>
/// Turns a pipeline's run history into series to forecast: the inter-arrival series (gap before each trigger), the volume
/// of each run, and trigger counts/volumes per time bucket — each with an exogenous matrix aligned row by row:
/// <c>hour</c>, <c>weekday</c> (0 = Sunday), <c>month</c>, <c>is_holiday</c> (from a user calendar), <c>file_count</c>,
/// <c>schema_changed</c> (1 when the schema version differs from the previous run's) and <c>ingestion_rate</c> (the last
/// ingestion-rate sample at or before the trigger, 0 when there is none).
/// </summary>
public sealed class TriggerFeatures
{
    /// <summary>Names of the exogenous columns, in order.</summary>
    public static IReadOnlyList<string> ExogenousNames { get; } = ["hour", "weekday", "month", "is_holiday", "file_count", "schema_changed", "ingestion_rate"];

    private readonly RunRecord[] _runs;
    private readonly IngestionRateSample[] _rates;
    private readonly HolidayCalendar _holidays;

    /// <summary>Builds the features of one pipeline.</summary>
    /// <param name="pipeline">The pipeline; runs of other pipelines are ignored.</param>
    /// <param name="runs">Its runs (any order; they are sorted by trigger time).</param>
    /// <param name="rates">Its ingestion-rate samples, optional.</param>
    /// <param name="holidays">Holiday calendar for <c>is_holiday</c>, optional.</param>
    /// <exception cref="KitDataException">Fewer than 3 runs, or two runs with the same trigger time; names the pipeline.</exception>
    public TriggerFeatures(string pipeline, IEnumerable<RunRecord> runs, IEnumerable<IngestionRateSample>? rates = null, HolidayCalendar? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(runs);
        Pipeline = pipeline;
        _runs = runs.Where(r => r.Pipeline == pipeline).OrderBy(r => r.TriggerTime).ThenBy(r => r.RunId).ToArray();
        if (_runs.Length < 3) throw new KitDataException($"{_runs.Length} runs; at least 3 triggers are needed to build inter-arrival features.", pipeline);
        for (int i = 1; i < _runs.Length; i++)
            if (_runs[i].TriggerTime == _runs[i - 1].TriggerTime)
                throw new KitDataException($"runs {_runs[i - 1].RunId} and {_runs[i].RunId} have the same trigger time {_runs[i].TriggerTime:O}; expected one trigger per instant.", pipeline, "trigger_time", i);
        _rates = (rates ?? []).Where(r => r.Pipeline == pipeline).OrderBy(r => r.Timestamp).ToArray();
        _holidays = holidays ?? HolidayCalendar.None;
        var gaps = InterArrivalHours();
        MedianGapHours = gaps.Order().ElementAt(gaps.Length / 2);
    }

    /// <summary>The pipeline.</summary>
    public string Pipeline { get; }

    /// <summary>The runs, sorted by trigger time.</summary>
    public IReadOnlyList<RunRecord> Runs => _runs;

    /// <summary>Time of the last trigger.</summary>
    public DateTimeOffset LastTrigger => _runs[^1].TriggerTime;

    /// <summary>Median gap between triggers in hours.</summary>
    public double MedianGapHours { get; }

    /// <summary>
    /// Seasonal period of the per-run series inferred from the median gap: 24 for hourly triggers (a day), 7 for daily
    /// triggers (a week), 1 otherwise (weekly or irregular).
    /// </summary>
    public int RunSeasonalPeriod => Math.Abs(MedianGapHours - 1) <= 0.25 ? 24 : Math.Abs(MedianGapHours - 24) <= 4 ? 7 : 1;

    /// <summary>
    /// The inter-arrival series: value i is the gap in hours between trigger i and trigger i+1, timestamped at trigger i+1.
    /// Exogenous row i describes trigger i, the one that opens the gap (known when the next gap is predicted).
    /// </summary>
    public TimeSeries InterArrival(bool withExogenous = true)
    {
        var gaps = InterArrivalHours();
        var x = withExogenous ? Exogenous(Enumerable.Range(0, _runs.Length - 1)) : null;
        return new TimeSeries($"{Pipeline} inter-arrival hours", gaps, RunSeasonalPeriod,
            _runs.Skip(1).Select(r => r.TriggerTime).ToArray(), x, withExogenous ? ExogenousNames : null);
    }

    /// <summary>The volume of each run, timestamped at its trigger, with the exogenous row of that run.</summary>
    public TimeSeries Volume(VolumeMeasure measure, bool withExogenous = true)
    {
        var values = _runs.Select(r => measure == VolumeMeasure.Rows ? (double)r.RowsIn : r.BytesIn).ToArray();
        return new TimeSeries($"{Pipeline} {(measure == VolumeMeasure.Rows ? "rows_in" : "bytes_in")} per run", values, RunSeasonalPeriod,
            _runs.Select(r => r.TriggerTime).ToArray(), withExogenous ? Exogenous(Enumerable.Range(0, _runs.Length)) : null,
            withExogenous ? ExogenousNames : null);
    }

    /// <summary>
    /// Triggers (or ingested rows) per time bucket from the first to the last trigger's bucket, empty buckets included
    /// (seasonal period 24 for hours, 7 for days). Exogenous columns: hour, weekday, month, is_holiday of the bucket start.
    /// </summary>
    public TimeSeries PerBucket(TimeBucket bucket, bool rows = false)
    {
        var step = bucket == TimeBucket.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        DateTimeOffset Floor(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % step.Ticks, TimeSpan.Zero);
        var first = Floor(_runs[0].TriggerTime);
        int count = (int)((Floor(LastTrigger) - first).Ticks / step.Ticks) + 1;
        var values = new double[count];
        foreach (var r in _runs) values[(int)((Floor(r.TriggerTime) - first).Ticks / step.Ticks)] += rows ? r.RowsIn : 1;
        var times = Enumerable.Range(0, count).Select(i => first + i * step).ToArray();
        var x = new double[count, 4];
        for (int i = 0; i < count; i++)
        {
            x[i, 0] = times[i].Hour; x[i, 1] = (int)times[i].DayOfWeek; x[i, 2] = times[i].Month; x[i, 3] = _holidays.IsHoliday(times[i]) ? 1 : 0;
        }
        return new TimeSeries($"{Pipeline} {(rows ? "rows" : "triggers")} per {bucket.ToString().ToLowerInvariant()}", values,
            bucket == TimeBucket.Hour ? 24 : 7, times, x, ["hour", "weekday", "month", "is_holiday"]);
    }

    /// <summary>The last ingestion-rate sample at or before <paramref name="time"/>, or 0 when there is none.</summary>
    public double IngestionRateAt(DateTimeOffset time)
    {
        int lo = 0, hi = _rates.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (_rates[mid].Timestamp <= time) { found = mid; lo = mid + 1; } else hi = mid - 1;
        }
        return found < 0 ? 0 : _rates[found].RowsPerSecond;
    }

    private double[] InterArrivalHours() =>
        Enumerable.Range(1, _runs.Length - 1).Select(i => (_runs[i].TriggerTime - _runs[i - 1].TriggerTime).TotalHours).ToArray();

    private double[,] Exogenous(IEnumerable<int> runIndexes)
    {
        var idx = runIndexes.ToArray();
        var x = new double[idx.Length, ExogenousNames.Count];
        for (int k = 0; k < idx.Length; k++)
        {
            var r = _runs[idx[k]];
            var t = r.TriggerTime.ToUniversalTime();
            x[k, 0] = t.Hour;
            x[k, 1] = (int)t.DayOfWeek;
            x[k, 2] = t.Month;
            x[k, 3] = _holidays.IsHoliday(t) ? 1 : 0;
            x[k, 4] = r.FileCount;
            x[k, 5] = idx[k] > 0 && _runs[idx[k] - 1].SchemaVersion != r.SchemaVersion ? 1 : 0;
            x[k, 6] = IngestionRateAt(t);
        }
        return x;
    }
}
