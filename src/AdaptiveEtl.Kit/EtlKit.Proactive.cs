using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Replay;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;

namespace AdaptiveEtl.Kit;

public sealed partial class EtlKit
{
    private StagingStore? _staging;

    /// <summary>
    /// The DuckDB staging store of the work folder (<c>staging.duckdb</c>; in memory for <see cref="InMemory"/>): staged rows
    /// and their watermarks, committed together.
    /// </summary>
    public StagingStore Staging => _staging ??= WorkDirectory is null ? StagingStore.Open(":memory:") : StagingStore.OpenInWorkFolder(WorkDirectory);

    /// <summary>
    /// A proactive loop for one pipeline fed by <paramref name="source"/>: it predicts the pipeline's next trigger from
    /// <see cref="History"/>, pre-fetches the source into <see cref="Staging"/> ahead of the predicted window, and at each real
    /// trigger validates it, publishes staged + on-demand rows into <paramref name="targetTable"/> and records the run.
    /// Run it with <c>await loop.RunAsync(feed)</c>; pass a <see cref="ReplayClock"/> as <paramref name="clock"/> to replay a trace.
    /// </summary>
    /// <param name="pipeline">The pipeline (as in the run history).</param>
    /// <param name="source">Its source (e.g. <c>new LandingZoneConnector("landing")</c>).</param>
    /// <param name="targetTable">The table the runs publish into (in the staging database).</param>
    /// <param name="options">Plan, refresh cadence and feedback options.</param>
    /// <param name="clock">The clock (default: the system clock).</param>
    /// <param name="holidaysCsv">Holiday calendar for the predictor.</param>
    public ProactiveLoop Proactive(string pipeline, ISourceConnector source, string targetTable, ProactiveOptions? options = null, TimeProvider? clock = null,
        string? holidaysCsv = null) =>
        new(History, Triggers(holidaysCsv), [new StagedSourceWorkload(pipeline, source, Staging, targetTable)], options, clock);

    /// <summary>A proactive loop over your own workloads (one per pipeline; implement <see cref="IProactiveWorkload"/> in a cell).</summary>
    public ProactiveLoop Proactive(IEnumerable<IProactiveWorkload> workloads, ProactiveOptions? options = null, TimeProvider? clock = null, string? holidaysCsv = null) =>
        new(History, Triggers(holidaysCsv), workloads, options, clock);

    /// <summary>
    /// Replays the recorded triggers of <paramref name="pipelines"/> in <paramref name="runsCsv"/> (the <c>etl_runs.csv</c> format)
    /// between <paramref name="start"/> and <paramref name="until"/> against a simulated slow source, in virtual time, and
    /// returns what pre-fetching bought per trigger (trigger→data-ready proactive vs reactive, wasted pre-fetch).
    /// </summary>
    public static Task<ProactiveRunReport> ReplayTriggers(string runsCsv, DateTimeOffset start, DateTimeOffset until, IReadOnlyList<string> pipelines,
        TraceReplayOptions? options = null, CancellationToken cancellationToken = default) =>
        TraceReplayer.ReplayCsvAsync(runsCsv, start, until, pipelines, options, cancellationToken);
}
