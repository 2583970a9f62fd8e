using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Samples;
using DuckDB.NET.Data;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Store;
using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.SchemaEvolution;

/// <summary>
/// Schema evolution from one place (<c>kit.Schema.</c> + Tab): the workload model from the query and access logs,
/// recommendations (<see cref="SchemaAdvisor"/>), degradation prediction and the filter that keeps only recommendations for
/// tables at risk, the replay workload, and the controller that simulates, schedules, applies and rolls back changes with a
/// decision log in the kit's work folder.
/// </summary>
public sealed class SchemaEvolutionKit
{
    private readonly string? workDirectory;

    internal SchemaEvolutionKit(string? workDirectory) => this.workDirectory = workDirectory;

    /// <summary>The decision log file (<c>schema-decisions.jsonl</c> in the work folder), or null for an in-memory kit.</summary>
    public string? DecisionLogPath => workDirectory is null ? null : Path.Combine(workDirectory, "schema-decisions.jsonl");

    /// <summary>
    /// Builds the workload model (families, column/table usage, consumers, trends) from a query log CSV (the format of
    /// <c>data-samples/workload_log.csv</c>), optionally an access log (JSON lines or CSV), the warehouse catalog JSON and a
    /// profile history JSON (for selectivity estimates).
    /// </summary>
    /// <exception cref="KitDataException">A file is malformed (the message names file, row and column).</exception>
    public WorkloadModel Workload(string queryLogCsv, string? accessLog = null, string? catalogJson = null, string? profileHistoryJson = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(queryLogCsv);
        var catalog = catalogJson is null ? null : LineageCatalog.FromJsonFile(catalogJson);
        using var parser = new SqlLineageParser(catalog);
        var history = profileHistoryJson is null ? null : ProfileHistory.Load(profileHistoryJson);
        return WorkloadModel.Build(QueryLogReader.ReadCsv(queryLogCsv), parser, accessLog is null ? null : AccessLogReader.Read(accessLog), history?.All);
    }

    /// <summary>Loads a profile history JSON (weekly table/column statistics).</summary>
    public ProfileHistory Profiles(string profileHistoryJson) => ProfileHistory.Load(profileHistoryJson);

    /// <summary>Runs every recommender (indexes, partitioning/clustering, materialised views, types, skew) over the workload.</summary>
    public SchemaAdvice Recommend(WorkloadModel workload, ProfileHistory? history = null, SchemaAdvisorOptions? options = null) =>
        new SchemaAdvisor(options).Recommend(workload, history);

    /// <summary>Per-family latency, table growth, usage and lineage-depth series of the workload (one period = one day by default).</summary>
    public IReadOnlyList<FamilyPerformanceSeries> PerformanceSeries(WorkloadModel workload, ProfileHistory? history = null, TimeSpan? period = null) =>
        WorkloadPerformanceSeries.FromWorkload(workload, history, period);

    /// <summary>The gradient-boosted degradation model (ML.NET FastTree).</summary>
    public FastTreeDegradationModel FastTree(int seed = 0) => new(seed: seed);

    /// <summary>Rolling-origin backtest of a degradation model (default <see cref="FastTree"/>): precision, recall, lead time.</summary>
    public DegradationBacktestResult BacktestDegradation(IReadOnlyList<FamilyPerformanceSeries> series, Func<IDegradationModel>? model = null,
        DegradationOptions? options = null, int? firstOrigin = null, int step = 5) =>
        DegradationBacktest.Run(model ?? (() => new FastTreeDegradationModel()), series, options, firstOrigin, step);

    /// <summary>Trains a model (default <see cref="FastTree"/>) on the whole history and predicts each family's current risk.</summary>
    public IReadOnlyList<FamilyDegradationRisk> DegradationRisks(IReadOnlyList<FamilyPerformanceSeries> series, IDegradationModel? model = null, DegradationOptions? options = null) =>
        DegradationOutlook.Predict(model ?? new FastTreeDegradationModel(), series, options);

    /// <summary>The recommendations whose table is read by a family whose predicted risk reaches <paramref name="minimumProbability"/>.</summary>
    public IReadOnlyList<SchemaRecommendation> AtRisk(SchemaAdvice advice, IEnumerable<FamilyDegradationRisk> risks, double minimumProbability = 0.5)
    {
        ArgumentNullException.ThrowIfNull(advice);
        return DegradationOutlook.Filter(advice.Recommendations, risks, minimumProbability);
    }

    /// <summary>
    /// The workload to replay on a shadow: the <paramref name="top"/> query families by total time that are plain
    /// <c>SELECT</c>s with a runnable sample text, each weighted by its executions per week.
    /// </summary>
    public IReadOnlyList<WorkloadQuery> ReplayWorkload(WorkloadModel workload, int top = 20)
    {
        double weeks = Math.Max(1, (workload.To - workload.From).TotalDays / 7);
        return ReplayFamilies(workload, top).Select(f => new WorkloadQuery(f.Fingerprint, f.SampleSql!, f.Executions / weeks)).ToList();
    }

    /// <summary>The tables the <see cref="ReplayWorkload"/> families read: what a shadow copy needs besides the changed table.</summary>
    public IReadOnlyList<QualifiedTable> ReplayTables(WorkloadModel workload, int top = 20) =>
        ReplayFamilies(workload, top).SelectMany(f => f.Reads).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).Select(QualifiedTable.Parse).ToList();

    /// <summary>
    /// The <see cref="ReplayWorkload"/> families that can run on <paramref name="store"/> (every table they read exists
    /// there), with the tables a shadow copy needs; the others are listed in <see cref="ReplayPlan.Skipped"/>.
    /// </summary>
    public async Task<ReplayPlan> ReplayPlanAsync(WorkloadModel workload, ISchemaChangeStore store, int top = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        double weeks = Math.Max(1, (workload.To - workload.From).TotalDays / 7);
        var exists = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        var queries = new List<WorkloadQuery>();
        var tables = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var skipped = new List<string>();
        foreach (var f in ReplayFamilies(workload, top))
        {
            string? missing = null;
            foreach (var t in f.Reads)
            {
                if (!exists.TryGetValue(t, out var ok)) exists[t] = ok = await store.ObjectExistsAsync(QualifiedTable.Parse(t), cancellationToken);
                if (!ok) { missing = t; break; }
            }
            if (missing is not null) { skipped.Add($"{f.Fingerprint} (reads {missing}, not in the {store.Engine} store)"); continue; }
            queries.Add(new WorkloadQuery(f.Fingerprint, f.SampleSql!, f.Executions / weeks));
            tables.UnionWith(f.Reads);
        }
        return new ReplayPlan(queries, tables.Select(QualifiedTable.Parse).ToList(), skipped);
    }

    private static IEnumerable<QueryFamily> ReplayFamilies(WorkloadModel workload, int top)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        return workload.Families
            .Where(f => f.Source == "sql" && f.Kind == StatementKind.Select && f.SampleSql is not null && f.Executions > 0)
            .OrderByDescending(f => f.TotalDurationMs)
            .ThenBy(f => f.Fingerprint, StringComparer.Ordinal)
            .Take(top);
    }

    /// <summary>
    /// Writes the sample star-schema warehouse (<see cref="StarSchemaSample"/>: dimensions, sales and returns facts, a daily
    /// aggregate, seeded) to a DuckDB file: built in a temporary file next to it and moved over <paramref name="path"/>
    /// only when complete, so a failed run never leaves a half-built warehouse.
    /// </summary>
    /// <returns>The full path.</returns>
    public async Task<string> CreateSampleWarehouseAsync(string path, int salesRows = 100_000, int seed = StarSchemaSample.DefaultSeed, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var staging = full + $".{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var connection = new DuckDBConnection($"Data Source={staging}"))
            {
                await connection.OpenAsync(cancellationToken);
                await StarSchemaSample.CreateDuckDbAsync(connection, salesRows: salesRows, seed: seed, cancellationToken: cancellationToken);
            }
            File.Move(staging, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(staging)) File.Delete(staging);
            if (File.Exists(staging + ".wal")) File.Delete(staging + ".wal");
        }
        return full;
    }

    /// <summary>
    /// Opens the store the controller changes: PostgreSQL when <paramref name="target"/> looks like a connection string
    /// (contains <c>=</c>), otherwise the DuckDB file at that path.
    /// </summary>
    public async Task<ISchemaChangeStore> OpenStoreAsync(string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        return target.Contains('=')
            ? await PostgresSchemaChangeStore.OpenAsync(target, cancellationToken)
            : await DuckDbSchemaChangeStore.OpenAsync(target, cancellationToken);
    }

    /// <summary>The decision log: JSON lines in the work folder (<see cref="DecisionLogPath"/>); for an in-memory kit, a file in the temp folder.</summary>
    public JsonLinesDecisionLog DecisionLog() =>
        new(DecisionLogPath ?? Path.Combine(Path.GetTempPath(), $"kit-schema-decisions-{Environment.ProcessId}.jsonl"));

    /// <summary>
    /// A controller for <paramref name="production"/> with the maintenance window (e.g. <c>"02:00-04:00"</c>, UTC); its
    /// shadow copies also hold <paramref name="shadowTables"/> (e.g. <see cref="ReplayTables"/>) so the replay's joins run.
    /// </summary>
    public SchemaEvolutionController Controller(ISchemaChangeStore production, IDecisionLog log, string window, IReadOnlyList<QualifiedTable>? shadowTables = null, TimeProvider? timeProvider = null) =>
        new(production, log, new SchemaControllerOptions(MaintenanceWindow.Parse(window)) { ExtraShadowTables = shadowTables ?? [] }, timeProvider);

    /// <summary>
    /// The controller's dry run: simulates each recommendation (HypoPG what-if on PostgreSQL, shadow replay before/after)
    /// and records it in <paramref name="log"/>, but never schedules or applies anything.
    /// </summary>
    public async Task<IReadOnlyList<SimulationResult>> DryRunAsync(ISchemaChangeStore production, IDecisionLog log, IEnumerable<SchemaRecommendation> recommendations,
        IReadOnlyList<WorkloadQuery> workload, string window = "02:00-04:00", IReadOnlyList<QualifiedTable>? shadowTables = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        var controller = Controller(production, log, window, shadowTables);
        var results = new List<SimulationResult>();
        foreach (var r in recommendations) results.Add(await controller.SimulateAsync(r, workload, cancellationToken));
        return results;
    }
}
