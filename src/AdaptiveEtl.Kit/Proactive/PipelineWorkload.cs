using System.Diagnostics;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Proactive.Pipelines;
using AdaptiveEtl.Kit.Proactive.Planning;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Proactive;

/// <summary>
/// The loop's workload for a transformation pipeline (<see cref="PipelineDefinition"/> with one source) over a real
/// connector and the DuckDB <see cref="StagingStore"/>, executed by <see cref="HybridExecutor"/>.
/// <para>The pipeline's source is everything the connector delivered so far (the staging table keeps every staged batch).
/// A pre-fetch stages what is new and <b>runs ahead</b>: the plan's run-ahead steps run over the rows staged up to that
/// batch. At the trigger the rest is staged on demand and becomes the <b>delta</b>: row-wise steps only process the delta,
/// holistic ones re-run or are reused, steps whose inputs did not change are skipped, and each output is swapped in
/// atomically. Every target table then equals, row for row, what <see cref="ReactiveExecutor"/> writes over all rows
/// delivered up to the trigger (the executor's guarantee; a test compares them through the loop). Outputs are a function
/// of the staged rows only, so a run repeated after a crash publishes the same tables again, never duplicates.</para>
/// </summary>
public sealed class PipelineWorkload : IProactiveWorkload, IPredictionObserver
{
    private const string RunsTable = "_kit_pipeline_runs";
    private readonly ISourceConnector _source;
    private readonly StagingStore _staging;
    private readonly PipelineDefinition _definition;
    private readonly string _input;
    private readonly StageOptions _stageOptions;
    private readonly Func<DateTimeOffset, CancellationToken, Task>? _beforeRead;
    private readonly IStepCostStore? _costs;
    private readonly ExecutorOptions _executorOptions;
    private readonly PipelinePlanner _planner;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RunAheadResult? _ahead;
    private long _aheadUpTo = -1;
    private TriggerPrediction? _prediction;

    /// <summary>A workload that stages <paramref name="source"/> for <paramref name="pipeline"/> and runs <paramref name="definition"/> over it.</summary>
    /// <param name="pipeline">The pipeline (as in the run history).</param>
    /// <param name="source">The connector feeding the definition's single source.</param>
    /// <param name="staging">The staging store; the pipeline's outputs are written to its database.</param>
    /// <param name="definition">The transformation DAG; it must declare exactly one source.</param>
    /// <param name="executorOptions">Target and work schemas (default: outputs in <c>main</c>).</param>
    /// <param name="costs">Where step costs are recorded and read from (optional).</param>
    /// <param name="planner">The planner (default options when null).</param>
    /// <param name="stageOptions">Retry and schema-check options (default: the store's).</param>
    /// <param name="beforeRead">Called with the current time before every read (a replay delivers the files that have arrived by then).</param>
    /// <exception cref="ArgumentException">The definition does not declare exactly one source.</exception>
    public PipelineWorkload(string pipeline, ISourceConnector source, StagingStore staging, PipelineDefinition definition, ExecutorOptions? executorOptions = null,
        IStepCostStore? costs = null, PipelinePlanner? planner = null, StageOptions? stageOptions = null, Func<DateTimeOffset, CancellationToken, Task>? beforeRead = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentNullException.ThrowIfNull(definition);
        definition.Validate();
        if (definition.Sources.Count != 1)
            throw new ArgumentException($"pipeline '{definition.Name}' declares {definition.Sources.Count} sources ({string.Join(", ", definition.Sources)}); a PipelineWorkload feeds exactly one. " +
                "Run several sources with HybridExecutor directly.", nameof(definition));
        Pipeline = pipeline;
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _staging = staging ?? throw new ArgumentNullException(nameof(staging));
        _definition = definition;
        _input = definition.Sources[0];
        _executorOptions = executorOptions ?? new ExecutorOptions();
        _costs = costs;
        _planner = planner ?? new PipelinePlanner();
        _stageOptions = stageOptions ?? StageOptions.Default;
        _beforeRead = beforeRead;
    }

    /// <inheritdoc />
    public string Pipeline { get; }

    /// <inheritdoc />
    public string Source => _source.Name;

    /// <inheritdoc />
    public SourceSpeed Speed => _source.MeasuredSpeed;

    /// <summary>The transformation DAG this workload runs.</summary>
    public PipelineDefinition Definition => _definition;

    /// <summary>The plan of the last run ahead (null before the first pre-fetch that staged rows).</summary>
    public ExecutionPlan? LastPlan { get; private set; }

    /// <summary>What the last trigger-time run did per step (null before the first trigger).</summary>
    public PipelineRunResult? LastRun { get; private set; }

    /// <summary>The outcome of the last staging call (pre-fetch or on-demand).</summary>
    public StageOutcome? LastStage { get; private set; }

    /// <inheritdoc />
    public void OnPrediction(TriggerPrediction prediction) => _prediction = prediction;

    /// <inheritdoc />
    public async Task<FetchTicket?> FetchAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_beforeRead is not null) await _beforeRead(now, cancellationToken).ConfigureAwait(false);
            var outcome = await StageAsync(cancellationToken).ConfigureAwait(false);
            if (outcome.Rows == 0 && outcome.Bytes == 0 && _ahead is { IsCompleted: false }) return null;
            await RunAheadAsync(cancellationToken).ConfigureAwait(false);
            return outcome.Rows == 0 && outcome.Bytes == 0 ? null : new StagedTicket(outcome.Rows, outcome.Bytes, outcome.Duration);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public Task<(long Rows, long Bytes)> DiscardStagedAsync(CancellationToken cancellationToken) =>
        // Staged rows are the pipeline's input history (an immutable landing zone): nothing is dropped when a window expires.
        Task.FromResult((0L, 0L));

    /// <inheritdoc />
    public async Task<HybridRunOutcome> RunAsync(DateTimeOffset trigger, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_beforeRead is not null) await _beforeRead(trigger, cancellationToken).ConfigureAwait(false);
            long lastRun = LastRunBatch();
            var onDemand = await StageAsync(cancellationToken).ConfigureAwait(false);
            var sw = Stopwatch.StartNew();
            long upTo = MaxBatch();
            if (upTo < 0)
                return new HybridRunOutcome(0, 0, 0, 0, Speed.EstimateFetchTime(0), sw.Elapsed, 0, "");
            // Rows staged before the trigger (by pre-fetching) vs staged now: the delta the executor finishes at the trigger.
            if (_ahead is null || _ahead.IsCompleted) await RunAheadAsync(cancellationToken).ConfigureAwait(false);
            long aheadUpTo = _aheadUpTo;
            using var conn = _staging.OpenConnection();
            TableName? delta = null;
            if (upTo > aheadUpTo) delta = View(conn, "delta", aheadUpTo, upTo);
            var executor = new HybridExecutor(conn, _costs, _executorOptions, _planner);
            var result = await executor.CompleteAsync(_ahead!, delta is null ? new Dictionary<string, TableName>() : new() { [_input] = delta }, cancellationToken).ConfigureAwait(false);
            LastRun = result;
            RecordRun(conn, upTo, result.RunId);
            var batches = await _staging.GetBatchesAsync(Pipeline, Source, cancellationToken).ConfigureAwait(false);
            var (stagedRows, stagedBytes) = Sum(batches, lastRun, aheadUpTo);
            var (lateRows, lateBytes) = Sum(batches, Math.Max(lastRun, aheadUpTo), upTo);
            var fetch = onDemand.Status == StageStatus.NothingNew ? Speed.EstimateFetchTime(0) : onDemand.Duration;
            int files = batches.Count(b => b.BatchId > lastRun && b.BatchId <= upTo);
            var watermark = await _staging.GetWatermarkAsync(Pipeline, Source, cancellationToken).ConfigureAwait(false);
            return new HybridRunOutcome(stagedRows, stagedBytes, lateRows, lateBytes, fetch, sw.Elapsed, files, watermark?.ToString() ?? "");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RunAheadAsync(CancellationToken ct)
    {
        using var conn = _staging.OpenConnection();
        long upTo = MaxBatch(conn);
        if (upTo < 0) return;
        var staged = new Dictionary<string, TableName> { [_input] = View(conn, "staged", -1, upTo) };
        var executor = new HybridExecutor(conn, _costs, _executorOptions, _planner);
        long last = LastRunBatch(conn);
        long sinceRun = (await _staging.GetBatchesAsync(Pipeline, Source, ct).ConfigureAwait(false)).Where(b => b.BatchId > last && b.BatchId <= upTo).Sum(b => b.Rows);
        double remaining = _prediction is { } p ? Math.Max(0, p.Rows.Point - sinceRun) : 0;
        var plan = executor.Plan(_definition, staged, remaining);
        LastPlan = plan;
        _ahead = await executor.RunAheadAsync(plan, staged, ct).ConfigureAwait(false);
        _aheadUpTo = upTo;
    }

    private async Task<StageOutcome> StageAsync(CancellationToken ct)
    {
        return await StagedSourceWorkload.StageOrThrowAsync(_staging, Pipeline, _source, _stageOptions, raw => LastStage = raw, ct).ConfigureAwait(false);
    }

    /// <summary>(Re)creates the view of the staged rows with <c>after &lt; batch ≤ upTo</c>, source columns only (bookkeeping columns excluded).</summary>
    private TableName View(DuckDB.NET.Data.DuckDBConnection conn, string part, long after, long upTo)
    {
        var view = new TableName(_executorOptions.WorkSchema, $"{_executorOptions.TargetSchema}__{_definition.Name}__input__{part}");
        var columns = DuckDbSql.Describe(conn, StagingTable).Where(c => c.Name is not (StagingStore.BatchColumn or StagingStore.PartColumn)).Select(c => Q(c.Name));
        // Bounds are inlined as integer literals: DuckDB views cannot hold parameters, and longs cannot carry SQL.
        DuckDbSql.Execute(conn, $"CREATE SCHEMA IF NOT EXISTS {Q(view.Schema)}");
        DuckDbSql.Execute(conn, $"CREATE OR REPLACE VIEW {view.Quoted} AS SELECT {string.Join(", ", columns)} FROM {Q(StagingTable)} " +
            $"WHERE {Q(StagingStore.BatchColumn)} > {after.ToString(System.Globalization.CultureInfo.InvariantCulture)} AND {Q(StagingStore.BatchColumn)} <= {upTo.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return view;
    }

    private string StagingTable => StagingStore.StagingTableName(Pipeline, Source);

    private long MaxBatch()
    {
        using var conn = _staging.OpenConnection();
        return MaxBatch(conn);
    }

    private long MaxBatch(DuckDB.NET.Data.DuckDBConnection conn) =>
        DuckDbSql.TableExists(conn, StagingTable) ? DuckDbSql.ToLong(DuckDbSql.Scalar(conn, $"SELECT coalesce(max({Q(StagingStore.BatchColumn)}), -1) FROM {Q(StagingTable)}")) : -1;

    private long LastRunBatch()
    {
        using var conn = _staging.OpenConnection();
        return LastRunBatch(conn);
    }

    private long LastRunBatch(DuckDB.NET.Data.DuckDBConnection conn) =>
        DuckDbSql.TableExists(conn, RunsTable)
            ? DuckDbSql.Long(conn, $"SELECT coalesce(max(up_to_batch), -1) FROM {Q(RunsTable)} WHERE pipeline = $1 AND source = $2 AND definition = $3", Pipeline, Source, _definition.Name)
            : -1;

    private void RecordRun(DuckDB.NET.Data.DuckDBConnection conn, long upTo, string runId)
    {
        DuckDbSql.Execute(conn, $"CREATE TABLE IF NOT EXISTS {Q(RunsTable)} (pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, definition VARCHAR NOT NULL, up_to_batch BIGINT NOT NULL, run_id VARCHAR NOT NULL, ran_at TIMESTAMP NOT NULL)");
        DuckDbSql.Execute(conn, $"INSERT INTO {Q(RunsTable)} VALUES ($1, $2, $3, $4, $5, $6)", Pipeline, Source, _definition.Name, upTo, runId, DateTime.UtcNow);
    }

    private static (long Rows, long Bytes) Sum(IEnumerable<StagedBatch> batches, long after, long upTo)
    {
        var range = batches.Where(b => b.BatchId > after && b.BatchId <= upTo).ToList();
        return (range.Sum(b => b.Rows), range.Sum(b => b.Bytes));
    }

    private static string Q(string name) => SqlIdentifier.Quote(name);

    private sealed class StagedTicket(long rows, long bytes, TimeSpan duration) : FetchTicket(rows, bytes, duration)
    {
        // Rows and watermark are committed together by the staging store; an abandoned read stays staged and the next run uses it.
        public override bool IsStaged => true;

        public override Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Abandon() { }
    }
}
