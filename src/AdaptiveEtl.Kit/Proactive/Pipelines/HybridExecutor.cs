using System.Collections.Concurrent;
using System.Diagnostics;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Proactive.Planning;
using AdaptiveEtl.Kit.Triggers;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// Proactive execution in two phases over one DuckDB database.
/// <para><b>Run ahead</b> (<see cref="RunAheadAsync"/>, before the trigger): the plan's run-ahead steps run on the staged
/// tables; results wait in <see cref="ExecutorOptions.WorkSchema"/>.</para>
/// <para><b>Trigger</b> (<see cref="CompleteAsync"/>): the rows that arrived after pre-fetching come as delta tables.
/// Steps whose inputs and definition are unchanged since their last run are skipped. A row-wise step publishes
/// (result ahead) ∪ f(delta); its result ahead is recomputed when its driving input's staged part or a lookup input
/// changed. A holistic step publishes its result ahead when none of its inputs changed, and otherwise re-runs over the
/// full inputs (staged ∪ delta). Given the step modes are declared truthfully and steps are deterministic, every target
/// table equals, as a multiset of rows, what <see cref="ReactiveExecutor"/> writes over staged ∪ delta.</para>
/// </summary>
public sealed class HybridExecutor
{
    private readonly DuckDBConnection _connection;
    private readonly IStepCostStore? _costs;

    /// <summary>Creates the executor over an open DuckDB connection.</summary>
    /// <param name="connection">The database holding the staged and delta tables; outputs are written there too.</param>
    /// <param name="costs">Where measured runs are recorded and costs are read from (optional; skipping works without it, from the fingerprints published with the outputs).</param>
    /// <param name="options">Target and work schemas.</param>
    /// <param name="planner">The planner (default options when null).</param>
    public HybridExecutor(DuckDBConnection connection, IStepCostStore? costs = null, ExecutorOptions? options = null, PipelinePlanner? planner = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _costs = costs;
        Options = options ?? new ExecutorOptions();
        Planner = planner ?? new PipelinePlanner();
    }

    /// <summary>The options.</summary>
    public ExecutorOptions Options { get; }

    /// <summary>The planner used for both phases.</summary>
    public PipelinePlanner Planner { get; }

    /// <summary>Plans the run ahead from the staged tables (their row counts), the rows still expected and the recorded costs.</summary>
    /// <param name="definition">The pipeline.</param>
    /// <param name="stagedSources">Source name → staged table.</param>
    /// <param name="predictedRemainingRows">Rows still expected before the trigger.</param>
    /// <param name="completeSources">Sources that receive no more rows.</param>
    public ExecutionPlan Plan(PipelineDefinition definition, IReadOnlyDictionary<string, TableName> stagedSources, double predictedRemainingRows, IEnumerable<string>? completeSources = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(stagedSources);
        definition.Validate();
        ExecutorSupport.CheckSources(_connection, definition, stagedSources, "staged");
        var staged = definition.Sources.ToDictionary(s => s, s => StepSql.Count(_connection, stagedSources[s]), StringComparer.Ordinal);
        return Planner.Plan(definition, new PlanningContext
        {
            StagedRows = staged,
            PredictedRemainingRows = Math.Max(0, predictedRemainingRows),
            CompleteSources = new HashSet<string>(completeSources ?? [], StringComparer.Ordinal),
        }, _costs?.GetCosts(definition.Name));
    }

    /// <summary>Plans the run ahead with the rows still expected taken from a trigger prediction (its rows point forecast minus the staged rows).</summary>
    public ExecutionPlan Plan(PipelineDefinition definition, IReadOnlyDictionary<string, TableName> stagedSources, TriggerPrediction prediction, IEnumerable<string>? completeSources = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(stagedSources);
        long staged = stagedSources.Values.Sum(t => StepSql.Count(_connection, t));
        return Plan(definition, stagedSources, Math.Max(0, prediction.Rows.Point - staged), completeSources);
    }

    /// <summary>Runs the plan's run-ahead steps on the staged tables.</summary>
    /// <param name="plan">A plan made before the trigger.</param>
    /// <param name="stagedSources">Source name → staged table (must stay unchanged until <see cref="CompleteAsync"/>).</param>
    /// <param name="cancellationToken">Stops starting new steps.</param>
    public async Task<RunAheadResult> RunAheadAsync(ExecutionPlan plan, IReadOnlyDictionary<string, TableName> stagedSources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(stagedSources);
        var d = plan.Definition;
        ExecutorSupport.CheckSources(_connection, d, stagedSources, "staged");
        StepSql.EnsureSchema(_connection, Options.WorkSchema);
        StepSql.EnsureSchema(_connection, Options.TargetSchema);
        var runId = ExecutorSupport.NewRunId();
        var fps = d.Sources.ToDictionary(s => s, s => TableFingerprint.Compute(_connection, stagedSources[s]), StringComparer.Ordinal);
        var results = new ConcurrentQueue<StepRunResult>();
        var include = plan.InPhase(StepPhase.RunAhead).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        try
        {
            await DagScheduler.RunAsync(_connection, plan, include, plan.MaxParallelism, (step, conn) =>
            {
                var inputs = step.Inputs.ToDictionary(i => i, i => d.Producer(i) is { } p ? Work(d, p, "pre") : stagedSources[i], StringComparer.Ordinal);
                results.Enqueue(ExecutorSupport.Measure(step.Name, "run_ahead", () =>
                {
                    var (rowsIn, rowsOut) = StepSql.Run(conn, step, inputs, Work(d, step, "pre"), plan.Step(step.Name).BatchRows, ExecutorSupport.Where(d, step));
                    return (StepAction.Full, rowsIn, rowsOut);
                }));
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ExecutorSupport.Record(_costs, Options, d.Name, runId, results, null);
        }
        return new RunAheadResult(plan, runId, new Dictionary<string, TableName>(stagedSources, StringComparer.Ordinal), fps, [.. results]);
    }

    /// <summary>
    /// The trigger-time phase: finishes every output from the results computed ahead and the delta tables, skipping what is
    /// unchanged since the last run. A source without a delta table received no new rows.
    /// </summary>
    /// <param name="runAhead">The result of <see cref="RunAheadAsync"/> (a plan with no run-ahead steps may have been run ahead as a no-op).</param>
    /// <param name="deltaSources">Source name → table of the rows that arrived after pre-fetching (same columns as the staged table).</param>
    /// <param name="cancellationToken">Stops starting new steps.</param>
    /// <exception cref="KitDataException">A delta does not match its staged table, or a step failed (named in the message).</exception>
    public async Task<PipelineRunResult> CompleteAsync(RunAheadResult runAhead, IReadOnlyDictionary<string, TableName> deltaSources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runAhead);
        ArgumentNullException.ThrowIfNull(deltaSources);
        if (runAhead.IsCompleted)
            throw new InvalidOperationException($"run {runAhead.RunId} of '{runAhead.Plan.Pipeline}' was already completed; run ahead again for the next trigger.");
        var watch = Stopwatch.StartNew();
        var d = runAhead.Plan.Definition;
        ExecutorSupport.CheckSources(_connection, d, deltaSources, "delta", required: false);
        StepSql.EnsurePublishedTable(_connection, Options.WorkSchema);
        StepSql.EnsureSchema(_connection, Options.TargetSchema);

        // Sources: staged part (unchanged since the run ahead?), delta part, and the full view staged ∪ delta.
        var states = new ConcurrentDictionary<string, TableState>(StringComparer.Ordinal);
        var sourceFps = new Dictionary<string, TableFingerprint>(StringComparer.Ordinal);
        long deltaRows = 0;
        foreach (var s in d.Sources)
        {
            var staged = runAhead.StagedSources[s];
            var stagedFp = TableFingerprint.Compute(_connection, staged);
            bool stagedSame = runAhead.StagedFingerprints.TryGetValue(s, out var before) && before == stagedFp;
            TableName? delta = deltaSources.TryGetValue(s, out var dt) ? dt : null;
            var deltaFp = TableFingerprint.Empty;
            var full = staged;
            if (delta is not null)
            {
                ExecutorSupport.CheckSameColumns(_connection, s, staged, delta, d.Name);
                deltaFp = TableFingerprint.Compute(_connection, delta);
                deltaRows += deltaFp.Rows;
                full = new TableName(Options.WorkSchema, $"{Options.TargetSchema}__{d.Name}__source__{s}");
                StepSql.Execute(_connection, $"CREATE OR REPLACE VIEW {full.Quoted} AS SELECT * FROM {staged.Quoted} UNION ALL SELECT * FROM {delta.Quoted}");
            }
            sourceFps[s] = stagedFp.Add(deltaFp);
            states[s] = new TableState(full, staged, delta, stagedSame, stagedSame && deltaFp.Rows == 0);
        }

        var fingerprints = PipelineFingerprints.ForSteps(d, sourceFps, Options.TargetSchema);
        var ranAhead = runAhead.RanAhead;
        var plan = Planner.Plan(d, new PlanningContext
        {
            StagedRows = runAhead.StagedFingerprints.ToDictionary(kv => kv.Key, kv => kv.Value.Rows, StringComparer.Ordinal),
            PredictedRemainingRows = deltaRows,
            CompleteSources = d.Sources.ToHashSet(StringComparer.Ordinal),
            InputFingerprints = fingerprints,
            ExistingOutputs = ExecutorSupport.ExistingOutputs(_connection, d, Options.TargetSchema),
            PublishedFingerprints = StepSql.Published(_connection, Options.WorkSchema, Options.TargetSchema, d.Name),
            RanAhead = ranAhead,
        }, _costs?.GetCosts(d.Name));

        var results = new ConcurrentQueue<StepRunResult>();
        foreach (var skipped in plan.InPhase(StepPhase.Skipped))
        {
            var target = new TableName(Options.TargetSchema, skipped.Output);
            states[skipped.Output] = new TableState(target, null, null, false, false);
            results.Enqueue(new StepRunResult(skipped.Name, "trigger", StepAction.Skipped, 0, StepSql.Count(_connection, target), DateTimeOffset.UtcNow, TimeSpan.Zero));
        }
        var include = plan.Steps.Where(s => s.Phase != StepPhase.Skipped).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        try
        {
            await DagScheduler.RunAsync(_connection, plan, include, plan.MaxParallelism, (step, conn) =>
                results.Enqueue(ExecutorSupport.Measure(step.Name, "trigger", () => RunAtTrigger(conn, d, step, ranAhead.Contains(step.Name), states, plan.Step(step.Name).BatchRows,
                    new StepSql.Stamp(Options.WorkSchema, d.Name, step.Name, fingerprints[step.Name])))),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ExecutorSupport.Record(_costs, Options, d.Name, runAhead.RunId, results, fingerprints);
        }
        var ready = watch.Elapsed; // every output is published: data ready
        DropWorkTables(d);
        runAhead.IsCompleted = true;
        return new PipelineRunResult(d.Name, runAhead.RunId, "hybrid", plan, [.. runAhead.Steps, .. results], ready);
    }

    /// <summary>Both phases at once (e.g. when the trigger fires right after staging).</summary>
    public async Task<PipelineRunResult> RunAsync(ExecutionPlan plan, IReadOnlyDictionary<string, TableName> stagedSources, IReadOnlyDictionary<string, TableName> deltaSources, CancellationToken cancellationToken = default)
    {
        var ahead = await RunAheadAsync(plan, stagedSources, cancellationToken).ConfigureAwait(false);
        return await CompleteAsync(ahead, deltaSources, cancellationToken).ConfigureAwait(false);
    }

    private (StepAction, long, long) RunAtTrigger(DuckDBConnection conn, PipelineDefinition d, PipelineStep step, bool ranAhead,
        ConcurrentDictionary<string, TableState> states, int batchRows, StepSql.Stamp stamp)
    {
        var where = ExecutorSupport.Where(d, step);
        var target = new TableName(Options.TargetSchema, step.Output);
        var pre = Work(d, step, "pre");
        var inputs = step.Inputs.Select(i => states[i]).ToList();
        if (step.Mode == StepMode.RowWise && inputs[0].Pre is { } drivingPre)
        {
            // f(P ∪ D, L) = f(P, L) ∪ f(D, L): reuse f(P, L) from the run ahead when P and the lookups L are as they were then.
            var driving = inputs[0];
            bool reusePre = ranAhead && driving.PreUnchanged && inputs.Skip(1).All(x => x.Unchanged);
            var lookups = step.Inputs.Skip(1).Zip(inputs.Skip(1)).ToDictionary(p => p.First, p => p.Second.Full, StringComparer.Ordinal);
            long rowsIn = 0;
            if (!reusePre)
                rowsIn += StepSql.Run(conn, step, new Dictionary<string, TableName>(lookups) { [step.Inputs[0]] = drivingPre }, pre, batchRows, where).RowsIn;
            TableName? delta = null;
            long deltaOut = 0;
            if (driving.Delta is { } drivingDelta)
            {
                delta = Work(d, step, "delta");
                var (dIn, dOut) = StepSql.Run(conn, step, new Dictionary<string, TableName>(lookups) { [step.Inputs[0]] = drivingDelta }, delta, batchRows, where);
                rowsIn += dIn;
                deltaOut = dOut;
            }
            long rowsOut = StepSql.PublishUnion(conn, pre, delta, target, stamp);
            states[step.Output] = new TableState(target, pre, delta, reusePre, reusePre && deltaOut == 0);
            return (reusePre ? StepAction.Delta : StepAction.Full, rowsIn, rowsOut);
        }
        if (ranAhead && inputs.All(x => x.Unchanged))
        {
            long rows = StepSql.PublishUnion(conn, pre, null, target, stamp);
            states[step.Output] = step.Mode == StepMode.RowWise ? new TableState(target, pre, null, true, true) : new TableState(target, null, null, false, true);
            return (StepAction.Reused, 0, rows);
        }
        var full = step.Inputs.Zip(inputs).ToDictionary(p => p.First, p => p.Second.Full, StringComparer.Ordinal);
        var (inRows, outRows) = StepSql.Run(conn, step, full, target, batchRows, where, stamp);
        states[step.Output] = new TableState(target, null, null, false, false);
        return (StepAction.Full, inRows, outRows);
    }

    private TableName Work(PipelineDefinition d, PipelineStep step, string part) => new(Options.WorkSchema, $"{Options.TargetSchema}__{d.Name}__{step.Name}__{part}");

    private void DropWorkTables(PipelineDefinition d)
    {
        foreach (var s in d.Sources)
            StepSql.Execute(_connection, $"DROP VIEW IF EXISTS {new TableName(Options.WorkSchema, $"{Options.TargetSchema}__{d.Name}__source__{s}").Quoted}");
        foreach (var step in d.Steps)
            foreach (var part in new[] { "pre", "delta" })
                StepSql.Execute(_connection, $"DROP TABLE IF EXISTS {Work(d, step, part).Quoted}");
    }

    /// <summary>
    /// A table's state at trigger time: its full content, and for split tables the part computed ahead and the delta part
    /// (null = empty); whether the part computed ahead (PreUnchanged) and the full content (Unchanged) are still what the
    /// run-ahead steps saw.
    /// </summary>
    private sealed record TableState(TableName Full, TableName? Pre, TableName? Delta, bool PreUnchanged, bool Unchanged);
}
