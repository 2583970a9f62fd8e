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

    /// <summary>
    /// A proactive loop that runs the transformation pipeline <paramref name="definition"/> (one source, fed by
    /// <paramref name="source"/>) through <see cref="Proactive.Pipelines.HybridExecutor"/>: each pre-fetch stages what is new
    /// and runs the plan's run-ahead steps on it; at the trigger only the late delta is processed and every output is swapped
    /// in atomically, identical row for row to a reactive run over the same rows. Outputs land in the staging database
    /// (<see cref="Staging"/>), schema <c>main</c> unless <paramref name="executorOptions"/> says otherwise.
    /// </summary>
    /// <param name="pipeline">The pipeline (as in the run history).</param>
    /// <param name="source">Its source.</param>
    /// <param name="definition">The transformation DAG (<see cref="Proactive.Pipelines.PipelineDefinition.Create"/>, or loaded from JSON/YAML).</param>
    /// <param name="options">Plan, refresh cadence and feedback options.</param>
    /// <param name="clock">The clock (default: the system clock).</param>
    /// <param name="executorOptions">Target and work schemas.</param>
    /// <param name="holidaysCsv">Holiday calendar for the predictor.</param>
    public ProactiveLoop Proactive(string pipeline, ISourceConnector source, Proactive.Pipelines.PipelineDefinition definition, ProactiveOptions? options = null,
        TimeProvider? clock = null, Proactive.Pipelines.ExecutorOptions? executorOptions = null, string? holidaysCsv = null) =>
        new(History, Triggers(holidaysCsv), [new PipelineWorkload(pipeline, source, Staging, definition, executorOptions)], options, clock);

    /// <summary>A proactive loop over your own workloads (one per pipeline; implement <see cref="IProactiveWorkload"/> in a cell).</summary>
    public ProactiveLoop Proactive(IEnumerable<IProactiveWorkload> workloads, ProactiveOptions? options = null, TimeProvider? clock = null, string? holidaysCsv = null) =>
        new(History, Triggers(holidaysCsv), workloads, options, clock);

    /// <summary>
    /// Replays the recorded triggers of <paramref name="pipelines"/> in <paramref name="runsCsv"/> (the <c>etl_runs.csv</c> format)
    /// between <paramref name="start"/> and <paramref name="until"/> against a simulated slow source, in virtual time, and
    /// returns what pre-fetching bought per trigger (trigger→data-ready proactive vs reactive, wasted pre-fetch).
    /// </summary>
    public static Task<ProactiveRunReport> ReplayTriggersAsync(string runsCsv, DateTimeOffset start, DateTimeOffset until, IReadOnlyList<string> pipelines,
        TraceReplayOptions? options = null, CancellationToken cancellationToken = default) =>
        TraceReplayer.ReplayCsvAsync(runsCsv, start, until, pipelines, options, cancellationToken);
}
