using System.Collections.Concurrent;
using System.Diagnostics;
using AdaptiveEtl.Kit.Proactive.Planning;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// The baseline: at trigger time, runs every step over the complete inputs (no run ahead, no skipping), in plan priority
/// order and in parallel within the plan's bound, each output published atomically into
/// <see cref="ExecutorOptions.TargetSchema"/>. Measured step runs (with their input fingerprints) go to the cost store.
/// </summary>
public sealed class ReactiveExecutor
{
    private readonly DuckDBConnection _connection;
    private readonly IStepCostStore? _costs;
    private readonly PipelinePlanner _planner;

    /// <summary>Creates the executor over an open DuckDB connection.</summary>
    /// <param name="connection">The database holding the source tables; outputs are written there too.</param>
    /// <param name="costs">Where measured runs are recorded and costs are read from (optional).</param>
    /// <param name="options">Target schema etc.</param>
    /// <param name="planner">The planner (default options when null).</param>
    public ReactiveExecutor(DuckDBConnection connection, IStepCostStore? costs = null, ExecutorOptions? options = null, PipelinePlanner? planner = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _costs = costs;
        Options = options ?? new ExecutorOptions();
        _planner = planner ?? new PipelinePlanner();
    }

    /// <summary>The options.</summary>
    public ExecutorOptions Options { get; }

    /// <summary>Runs the whole pipeline over <paramref name="sources"/> (source name → table with all its rows).</summary>
    /// <exception cref="KitDataException">A source is unbound or missing, or a step failed (named in the message).</exception>
    public async Task<PipelineRunResult> RunAsync(PipelineDefinition definition, IReadOnlyDictionary<string, TableName> sources, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(sources);
        var watch = Stopwatch.StartNew();
        definition.Validate();
        ExecutorSupport.CheckSources(_connection, definition, sources, "source");
        StepSql.EnsureSchema(_connection, Options.TargetSchema);
        StepSql.EnsurePublishedTable(_connection, Options.WorkSchema);
        var runId = ExecutorSupport.NewRunId();
        var sourceFps = definition.Sources.ToDictionary(s => s, s => TableFingerprint.Compute(_connection, sources[s]), StringComparer.Ordinal);
        var fingerprints = PipelineFingerprints.ForSteps(definition, sourceFps, Options.TargetSchema);
        var context = new PlanningContext
        {
            StagedRows = sourceFps.ToDictionary(kv => kv.Key, kv => kv.Value.Rows),
            CompleteSources = definition.Sources.ToHashSet(StringComparer.Ordinal),
            RanAhead = new HashSet<string>(),
        };
        var plan = _planner.Plan(definition, context, _costs?.GetCosts(definition.Name));
        var results = new ConcurrentQueue<StepRunResult>();
        try
        {
            await DagScheduler.RunAsync(_connection, plan, plan.Steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal), plan.MaxParallelism, (step, conn) =>
            {
                var inputs = step.Inputs.ToDictionary(i => i, i => definition.Producer(i) is null ? sources[i] : new TableName(Options.TargetSchema, i), StringComparer.Ordinal);
                results.Enqueue(ExecutorSupport.Measure(step.Name, "reactive", () =>
                {
                    var (rowsIn, rowsOut) = StepSql.Run(conn, step, inputs, new TableName(Options.TargetSchema, step.Output), plan.Step(step.Name).BatchRows, ExecutorSupport.Where(definition, step),
                        new StepSql.Stamp(Options.WorkSchema, definition.Name, step.Name, fingerprints[step.Name]));
                    return (StepAction.Full, rowsIn, rowsOut);
                }));
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ExecutorSupport.Record(_costs, Options, definition.Name, runId, results, fingerprints);
        }
        return new PipelineRunResult(definition.Name, runId, "reactive", plan, [.. results], watch.Elapsed);
    }
}
