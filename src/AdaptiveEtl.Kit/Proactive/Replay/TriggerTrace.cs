using AdaptiveEtl.Kit.History;

namespace AdaptiveEtl.Kit.Proactive.Replay;

/// <summary>
/// A recorded sequence of real triggers to replay (an <see cref="ITriggerFeed"/> with known future): the runs of a
/// run-history file within a time range. Triggers can be left out (<see cref="WithMissing"/>) to replay missing triggers:
/// their data still arrives and the next run carries it.
/// </summary>
public sealed class TriggerTrace : ITriggerFeed
{
    private readonly TriggerEvent[] _events;
    private int _next;

    /// <summary>A trace of the triggers of <paramref name="runs"/> (the data each run ingested is what arrived since the previous one).</summary>
    public TriggerTrace(IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Runs = [.. runs.OrderBy(r => r.TriggerTime).ThenBy(r => r.Pipeline, StringComparer.Ordinal)];
        _events = [.. Runs.Select(r => new TriggerEvent(r.Pipeline, r.TriggerTime))];
    }

    private TriggerTrace(IReadOnlyList<RunRecord> runs, TriggerEvent[] events)
    {
        Runs = runs;
        _events = events;
    }

    /// <summary>The runs the trace was made from, in trigger order.</summary>
    public IReadOnlyList<RunRecord> Runs { get; }

    /// <summary>The triggers that will be replayed, in time order.</summary>
    public IReadOnlyList<TriggerEvent> Triggers => _events;

    /// <summary>The runs of <paramref name="runsCsv"/> (the <c>etl_runs.csv</c> format) of the given pipelines (all when empty) with <paramref name="from"/> ≤ trigger &lt; <paramref name="until"/>.</summary>
    public static TriggerTrace FromRunsCsv(string runsCsv, DateTimeOffset from, DateTimeOffset until, params string[] pipelines)
    {
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(runsCsv);
        return new TriggerTrace(store.GetRunRecords(null, from, until).Where(r => pipelines.Length == 0 || pipelines.Contains(r.Pipeline)));
    }

    /// <summary>The same trace with every trigger for which <paramref name="drop"/> is true left out (their data still arrives).</summary>
    public TriggerTrace WithMissing(Func<TriggerEvent, int, bool> drop)
    {
        ArgumentNullException.ThrowIfNull(drop);
        return new TriggerTrace(Runs, [.. _events.Where((e, i) => !drop(e, i))]);
    }

    /// <summary>The same trace with each trigger moved by <paramref name="shift"/> (e.g. late triggers); the data arrival keeps the recorded times.</summary>
    public TriggerTrace Shifted(Func<TriggerEvent, int, TimeSpan> shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        return new TriggerTrace(Runs, [.. _events.Select((e, i) => e with { Time = e.Time + shift(e, i) }).OrderBy(e => e.Time)]);
    }

    /// <inheritdoc />
    public DateTimeOffset? NextKnownTrigger => _next < _events.Length ? _events[_next].Time : null;

    /// <inheritdoc />
    public IReadOnlyList<TriggerEvent> Poll(DateTimeOffset now)
    {
        var due = new List<TriggerEvent>();
        while (_next < _events.Length && _events[_next].Time <= now) due.Add(_events[_next++]);
        return due;
    }
}
