using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Lineage.Store;
using AdaptiveEtl.Kit.Samples;
using AdaptiveEtl.Kit.Triggers;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit;

/// <summary>
/// The kit's entry point for notebooks and scripts: <c>var kit = EtlKit.Open("work");</c> then <c>kit.</c> + Tab.
/// It owns a work folder with the embedded DuckDB stores (<c>history.duckdb</c>, <c>lineage.duckdb</c>) and exposes each
/// capability: run history and trigger prediction, forecasters, drift, lineage, sample data. Every object it hands out is
/// also usable on its own (e.g. <see cref="RunHistoryStore.OpenPostgres"/> for a shared store).
/// </summary>
public sealed partial class EtlKit : IDisposable
{
    private RunHistoryStore? _history;
    private readonly Dictionary<string, TriggerPredictor> _predictors = new(StringComparer.Ordinal);

    private EtlKit(string? workDirectory)
    {
        WorkDirectory = workDirectory;
        if (workDirectory is not null) Directory.CreateDirectory(workDirectory);
    }

    /// <summary>Opens (creating if needed) a work folder whose DuckDB files hold the run history and the lineage graph.</summary>
    public static EtlKit Open(string workDirectory = "work") => new(Path.GetFullPath(workDirectory));

    /// <summary>A kit whose stores live in memory only (nothing is written to disk): for exploring in a notebook.</summary>
    public static EtlKit InMemory() => new(null);

    /// <summary>The work folder, or null for <see cref="InMemory"/>.</summary>
    public string? WorkDirectory { get; }

    /// <summary>The run-history store (DuckDB file <c>history.duckdb</c> in the work folder, or in memory).</summary>
    public RunHistoryStore History => _history ??= RunHistoryStore.OpenDuckDb(WorkDirectory is null ? ":memory:" : Path.Combine(WorkDirectory, "history.duckdb"));

    /// <summary>All forecasters (<c>kit.Forecasters.AutoArima()</c>, <c>.Ets()</c>, <c>.Prophet()</c>, …).</summary>
    public ForecasterCatalog Forecasters { get; } = new();

    /// <summary>
    /// Imports a run-history CSV (the format of <c>data-samples/etl_runs.csv</c>) into <see cref="History"/>: validated
    /// row by row, committed in one transaction, upserted by (pipeline, run_id).
    /// </summary>
    public ImportResult ImportRuns(string csvPath) => History.ImportCsv(csvPath);

    /// <summary>
    /// The trigger predictor over <see cref="History"/> with the default candidates (seasonal naive, ETS, auto-ARIMA and
    /// the Prophet-style model), optionally aware of a holiday calendar (a CSV with <c>date,name</c>).
    /// </summary>
    public TriggerPredictor Triggers(string? holidaysCsv = null)
    {
        var key = holidaysCsv ?? "";
        if (!_predictors.TryGetValue(key, out var predictor))
        {
            var calendar = holidaysCsv is null ? HolidayCalendar.None : HolidayCalendar.LoadCsv(holidaysCsv);
            predictor = new TriggerPredictor(History, Forecasters.DefaultCandidates(), calendar);
            _predictors[key] = predictor;
        }
        return predictor;
    }

    /// <summary>
    /// Predicts when the next trigger of <paramref name="pipeline"/> fires and how much data it brings, as of
    /// <paramref name="asOf"/> (default: the pipeline's last recorded trigger).
    /// </summary>
    public TriggerPrediction PredictNextTrigger(string pipeline, DateTimeOffset? asOf = null, TriggerPredictionOptions? options = null,
        string? holidaysCsv = null)
    {
        var runs = History.GetRunRecords(pipeline);
        if (runs.Count == 0)
            throw new KitDataException($"no runs recorded; known pipelines: {string.Join(", ", History.Pipelines())}.", $"pipeline '{pipeline}'");
        return Triggers(holidaysCsv).PredictNextTrigger(pipeline, asOf ?? runs[^1].TriggerTime, options);
    }

    /// <summary>
    /// Reads a CSV file into a DataFrame, types inferred from every row (bool, long, double with inf/nan, UTC DateTime,
    /// string; see <see cref="CsvFrame"/>) or given per column, naming the file, line and column in any error.
    /// </summary>
    public static DataFrame ReadCsv(string path, IReadOnlyDictionary<string, Type>? columnTypes = null) => CsvFrame.Read(path, columnTypes);

    /// <summary>Compares a current batch with a reference batch column by column and as a whole (see <see cref="DriftDetector"/>).</summary>
    public DriftReport CompareDrift(DataFrame reference, DataFrame current, DriftOptions? options = null) =>
        DriftDetector.Compare(reference, current, options);

    /// <summary>Compares two CSV files (reference, current) for drift.</summary>
    public DriftReport CompareDrift(string referenceCsv, string currentCsv, DriftOptions? options = null) =>
        DriftDetector.Compare(ReadCsv(referenceCsv), ReadCsv(currentCsv), options);

    /// <summary>
    /// Parses a query log (the CSV format of <c>data-samples/query_log.csv</c>) into a column-level lineage graph, using a
    /// catalog (<c>{"table": {"column": "type"}}</c> JSON) to expand <c>*</c> and resolve columns. Unparseable statements are
    /// listed in the result's report and skipped.
    /// </summary>
    /// <example><code>var (graph, report) = kit.CaptureLineage("query_log.csv", "warehouse_catalog.json");</code></example>
    public LineageCapture CaptureLineage(string queryLogCsv, string? catalogJson = null) => CaptureLineage([queryLogCsv], catalogJson);

    /// <summary>Captures several query logs (in order) into one lineage graph; see <see cref="CaptureLineage(string, string?)"/>.</summary>
    public LineageCapture CaptureLineage(IEnumerable<string> queryLogCsvs, string? catalogJson = null)
    {
        ArgumentNullException.ThrowIfNull(queryLogCsvs);
        var catalog = catalogJson is null ? new LineageCatalog() : LineageCatalog.FromJsonFile(catalogJson);
        using var parser = new SqlLineageParser(catalog);
        var graph = new LineageGraph();
        var report = QueryLogCapture.Capture(queryLogCsvs.SelectMany(QueryLogReader.ReadCsv), parser, graph);
        return new LineageCapture(graph, report);
    }

    /// <summary>Opens the lineage store of the work folder (DuckDB file <c>lineage.duckdb</c>; in memory for <see cref="InMemory"/>).</summary>
    public Task<DuckDbLineageStore> OpenLineageStoreAsync(CancellationToken cancellationToken = default) =>
        DuckDbLineageStore.OpenAsync(WorkDirectory is null ? ":memory:" : Path.Combine(WorkDirectory, "lineage.duckdb"), cancellationToken);

    /// <summary>Writes the kit's sample data set into <paramref name="directory"/> (deterministic for a seed).</summary>
    public static IReadOnlyList<string> GenerateSamples(string directory, int seed = SampleDataGenerator.DefaultSeed) =>
        SampleDataGenerator.Generate(directory, seed);

    /// <inheritdoc />
    public void Dispose()
    {
        _history?.Dispose();
        _history = null;
        _staging?.Dispose();
        _staging = null;
    }

    /// <inheritdoc />
    public override string ToString() => $"EtlKit({WorkDirectory ?? "in memory"})";
}
