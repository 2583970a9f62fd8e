using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Proactive.Sources;

namespace AdaptiveEtl.Kit.Proactive.Replay;

/// <summary>
/// A simulated pipeline whose source delivers the volumes of a recorded run history: run k's rows and bytes arrive at a
/// constant rate between the trigger before it and its own trigger. Reading <c>b</c> bytes costs the simulated source's
/// <c>latency + b / bandwidth</c>; transforming costs a fixed time plus a time per row. Staging, watermark and publish are
/// kept as cumulative counts, so every arrived row is accounted for exactly once (used by one run, or dropped and
/// re-read). Used by the trace replayer, the tests and the benchmark to replay hundreds of triggers in virtual time.
/// </summary>
public sealed class TraceWorkload : IProactiveWorkload
{
    private readonly DateTimeOffset[] _times;
    private readonly double[] _cumRows;
    private readonly double[] _cumBytes;
    private readonly IReadOnlyList<RunRecord> _runs;
    private readonly IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> _outages;
    private DateTimeOffset _watermark;
    private DateTimeOffset _published;

    /// <summary>A workload for <paramref name="pipeline"/> whose arrivals follow <paramref name="runs"/> (its whole recorded history).</summary>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="runs">The recorded runs of the pipeline (history and the replayed future); only the source sees the future.</param>
    /// <param name="start">Replay start: everything that arrived up to the last recorded trigger before it counts as published.</param>
    /// <param name="speed">The simulated source's latency and bandwidth.</param>
    /// <param name="transformFixed">Fixed cost of one pipeline execution.</param>
    /// <param name="transformPerRow">Cost per row of the pipeline execution.</param>
    /// <param name="outages">Intervals in which the source is down (fetches fail; a run waits until it is back).</param>
    public TraceWorkload(string pipeline, IEnumerable<RunRecord> runs, DateTimeOffset start, SourceSpeed speed,
        TimeSpan transformFixed, TimeSpan transformPerRow, IEnumerable<(DateTimeOffset From, DateTimeOffset To)>? outages = null)
    {
        Pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        Speed = speed ?? throw new ArgumentNullException(nameof(speed));
        _runs = [.. (runs ?? throw new ArgumentNullException(nameof(runs))).Where(r => r.Pipeline == pipeline).OrderBy(r => r.TriggerTime)];
        if (_runs.Count < 2) throw new KitDataException($"a trace needs at least two runs of the pipeline; got {_runs.Count}.", pipeline);
        _times = [.. _runs.Select(r => r.TriggerTime)];
        _cumRows = new double[_runs.Count];
        _cumBytes = new double[_runs.Count];
        for (int i = 1; i < _runs.Count; i++)
        {
            _cumRows[i] = _cumRows[i - 1] + _runs[i].RowsIn;
            _cumBytes[i] = _cumBytes[i - 1] + _runs[i].BytesIn;
        }
        TransformFixed = transformFixed;
        TransformPerRow = transformPerRow;
        _outages = [.. outages ?? []];
        // everything up to the last recorded trigger before the start was published by that run
        var last = _times.LastOrDefault(t => t <= start);
        _watermark = _published = last == default ? start : last;
    }

    /// <inheritdoc />
    public string Pipeline { get; }

    /// <inheritdoc />
    public string Source => Pipeline + ".source";

    /// <inheritdoc />
    public SourceSpeed Speed { get; }

    /// <summary>Fixed cost of one pipeline execution.</summary>
    public TimeSpan TransformFixed { get; }

    /// <summary>Cost per row of the pipeline execution.</summary>
    public TimeSpan TransformPerRow { get; }

    /// <summary>Rows published by the runs so far (each arrived row exactly once).</summary>
    public long PublishedRows { get; private set; }

    /// <summary>Bytes published by the runs so far.</summary>
    public long PublishedBytes { get; private set; }

    /// <summary>Rows that arrived at the source in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public long ArrivedRows(DateTimeOffset from, DateTimeOffset to) => (long)Math.Floor(Cumulative(_cumRows, to)) - (long)Math.Floor(Cumulative(_cumRows, from));

    /// <summary>Bytes that arrived at the source in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public long ArrivedBytes(DateTimeOffset from, DateTimeOffset to) => (long)Math.Floor(Cumulative(_cumBytes, to)) - (long)Math.Floor(Cumulative(_cumBytes, from));

    /// <inheritdoc />
    public Task<FetchTicket?> FetchAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Down(now) is { } outage)
            throw new IOException($"{Source} is unavailable until {outage.To.UtcDateTime:yyyy-MM-dd HH:mm}Z (simulated outage).");
        var from = _watermark;
        long rows = ArrivedRows(from, now), bytes = ArrivedBytes(from, now);
        if (rows == 0 && bytes == 0) return Task.FromResult<FetchTicket?>(null);
        return Task.FromResult<FetchTicket?>(new Ticket(this, from, now, rows, bytes, Speed.EstimateFetchTime(bytes)));
    }

    /// <inheritdoc />
    public Task<(long Rows, long Bytes)> DiscardStagedAsync(CancellationToken cancellationToken)
    {
        var dropped = (ArrivedRows(_published, _watermark), ArrivedBytes(_published, _watermark));
        _watermark = _published;
        return Task.FromResult(dropped);
    }

    /// <inheritdoc />
    public Task<HybridRunOutcome> RunAsync(DateTimeOffset trigger, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.Zero;
        if (Down(trigger) is { } outage) wait = outage.To - trigger; // the run itself needs the source: it retries until it is back
        long stagedRows = ArrivedRows(_published, _watermark), stagedBytes = ArrivedBytes(_published, _watermark);
        long newRows = ArrivedRows(_watermark, trigger), newBytes = ArrivedBytes(_watermark, trigger);
        var fetch = wait + Speed.EstimateFetchTime(newBytes);
        long rows = stagedRows + newRows;
        var transform = TransformFixed + TimeSpan.FromTicks(TransformPerRow.Ticks * rows);
        _watermark = _published = trigger;
        PublishedRows += rows;
        PublishedBytes += stagedBytes + newBytes;
        int k = Array.BinarySearch(_times, trigger);
        var run = _runs[Math.Clamp(k >= 0 ? k : ~k, 0, _runs.Count - 1)];
        return Task.FromResult(new HybridRunOutcome(stagedRows, stagedBytes, newRows, newBytes, fetch, transform, run.FileCount, run.SchemaHash));
    }

    private (DateTimeOffset From, DateTimeOffset To)? Down(DateTimeOffset t)
    {
        foreach (var o in _outages)
            if (t >= o.From && t < o.To) return o;
        return null;
    }

    private double Cumulative(double[] cum, DateTimeOffset t)
    {
        if (t <= _times[0]) return 0;
        if (t >= _times[^1]) return cum[^1];
        int k = Array.BinarySearch(_times, t);
        if (k >= 0) return cum[k];
        k = ~k; // _times[k-1] < t < _times[k]
        double share = (t - _times[k - 1]).Ticks / (double)(_times[k] - _times[k - 1]).Ticks;
        return cum[k - 1] + share * (cum[k] - cum[k - 1]);
    }

    private sealed class Ticket(TraceWorkload owner, DateTimeOffset from, DateTimeOffset upTo, long rows, long bytes, TimeSpan duration) : FetchTicket(rows, bytes, duration)
    {
        public override Task CommitAsync(CancellationToken cancellationToken)
        {
            if (owner._watermark != from) throw new InvalidOperationException($"stale pre-fetch: the watermark moved from {from:O} to {owner._watermark:O} meanwhile.");
            owner._watermark = upTo;
            return Task.CompletedTask;
        }

        public override void Abandon() { }
    }
}
