using System.Data;
using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.Data;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.History;

/// <summary>
/// The run history of ETL pipelines in DuckDB or PostgreSQL: runs (<c>etl_runs</c>), ingestion-rate samples
/// (<c>ingestion_rates</c>, each linked by <c>run_id</c> to the imported run it came with) and saved models with their predictions (<c>trigger_predictions</c>).
/// <para>
/// Imports (CSV, Parquet, <see cref="DataFrame"/>) are validated row by row, loaded into a temporary staging table and
/// merged into the store in ONE transaction: a bad row raises a <see cref="KitDataException"/> naming the file, row and
/// column, and nothing is committed. (A first import into an empty DuckDB store skips the staging table: the rows are
/// appended straight into the store's tables in the same transaction and the keys added after them; a repeated key
/// falls back to the staging path, so the result and every error are the same.) Duplicates: a (pipeline, run_id) that is already stored is <b>upserted</b> (the
/// imported values replace the stored ones, so re-importing a file is idempotent); the same (pipeline, run_id) twice
/// within one import is an error naming both rows.
/// </para>
/// The store keeps one open connection and serialises calls on it, so one instance may be shared between threads.
/// </summary>
public sealed partial class RunHistoryStore : IDisposable
{
    /// <summary>Table of runs.</summary>
    public const string RunsTable = "etl_runs";
    /// <summary>Table of ingestion-rate samples.</summary>
    public const string RatesTable = "ingestion_rates";
    /// <summary>Table of saved models and predictions.</summary>
    public const string PredictionsTable = "trigger_predictions";

    private static readonly string[] RunColumns =
        ["pipeline", "run_id", "trigger_time", "start_time", "end_time", "rows_in", "bytes_in", "file_count", "schema_version", "schema_hash", "outcome"];

    /// <summary>The columns of <see cref="RunsTable"/>, each filled from the same-named column of an imported file or table.</summary>
    public static IReadOnlyList<string> RunColumnNames => RunColumns;

    private readonly StoreDialect _dialect;
    private readonly DbConnection _connection;
    private readonly Lock _gate = new();

    /// <summary>
    /// Rows staged per appender (DuckDB) or binary COPY (PostgreSQL) before it is flushed and a new one opened; the staging
    /// table lives in the database, so the kit's own memory holds one batch at most. Internal: tests set it small to
    /// import one file in many batches.
    /// </summary>
    internal int StageBatchRows { get; set; } = 100_000;

    /// <summary>
    /// Told the wall time of each phase of an import attempt as it ends: "stage" (reading, validating and staging the rows,
    /// which stream together), "duplicates", "merge" and "commit". Internal diagnostics: benchmarks/ImportSpeed prints
    /// where an import's time goes.
    /// </summary>
    internal Action<string, TimeSpan>? PhaseObserver { get; set; }

    private void Phase(string name, ref long since)
    {
        if (PhaseObserver is not { } observe) return;
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        observe(name, System.Diagnostics.Stopwatch.GetElapsedTime(since, now));
        since = now;
    }

    private RunHistoryStore(StoreDialect dialect, string connectionString)
    {
        _dialect = dialect;
        _connection = dialect.Open(connectionString);
        try { CreateSchema(); }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens (creating if needed) a DuckDB store: a file path, or <c>":memory:"</c> for a private in-memory store.</summary>
    /// <exception cref="KitDataException">The file is locked by another process (the message names it).</exception>
    public static RunHistoryStore OpenDuckDb(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path != ":memory:")
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        try { return new RunHistoryStore(new StoreDialect.DuckDb(), $"Data Source={path}"); }
        catch (DuckDBException e) when (DuckDbFileLock.IsLockConflict(e)) { throw DuckDbFileLock.Error(e, path, "run-history store"); }
    }

    /// <summary>Opens a PostgreSQL store (an Npgsql connection string); the tables are created when missing.</summary>
    public static RunHistoryStore OpenPostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new RunHistoryStore(new StoreDialect.Postgres(), connectionString);
    }

    /// <summary>"DuckDB" or "PostgreSQL".</summary>
    public string Engine => _dialect.Name;

    // ---------------------------------------------------------------- imports

    /// <summary>Imports runs (and the <c>ingestion_rate_rps</c> column, when present, as rate samples) from a CSV file in the <c>etl_runs.csv</c> format.</summary>
    /// <remarks>
    /// The file must be UTF-8 (a BOM is allowed); invalid bytes, a NUL character, a column named twice in the header or a
    /// number that does not fit its column are errors, identical on DuckDB and PostgreSQL because they are caught here.
    /// </remarks>
    /// <exception cref="KitDataException">A missing or repeated column, invalid bytes or a bad value; the message names the file, the line (header = line 1) and the column.</exception>
    public ImportResult ImportCsv(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("file not found; expected a run-history CSV in the etl_runs.csv format.", path);
        // Streamed: rows are parsed, validated and staged as they are read, so memory does not grow with the file; a
        // retry after a deadlock reads the file again.
        return ImportRows(() => RunCsvReader.StreamFile(path), path);
    }

    /// <summary>
    /// Imports validated rows as <see cref="ImportCsv(string)"/> does with the rows of a file: <paramref name="rows"/> is
    /// opened once per attempt and enumerated once, each row staged as it comes. Internal: tests wrap a file's rows to
    /// watch what the import holds.
    /// </summary>
    internal ImportResult ImportRows(Func<IEnumerable<RunCsvReader.ParsedRow>> rows, string source) => Import(rows, [], source);

    /// <summary>Imports runs from CSV text; <paramref name="sourceName"/> names the input in errors (lines are counted from the reader's start, header = line 1).</summary>
    public ImportResult ImportCsv(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        RunCsvReader.Content content;
        try { content = RunCsvReader.Read(reader, sourceName); }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new KitDataException("the input holds bytes that are invalid in the reader's encoding; expected UTF-8 text. Nothing was imported.", sourceName, inner: e);
        }
        return Import(content.Runs, content.Rates, sourceName, content.Lines);
    }

    /// <summary>Imports runs from a Parquet file with the <c>etl_runs.csv</c> columns, read with DuckDB's Parquet reader.</summary>
    public ImportResult ImportParquet(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("file not found; expected a Parquet file with the etl_runs.csv columns.", path);
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var cmd = duck.CreateCommand();
        cmd.CommandText = $"SELECT * FROM read_parquet({SqlIdentifier.Literal(Path.GetFullPath(path))})"; // table functions take no bound file names
        DbDataReader reader;
        try { reader = cmd.ExecuteReader(); }
        catch (DuckDBException e) { throw new KitDataException($"cannot read as Parquet: {e.Message}", path, inner: e); }
        using (reader)
        {
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<string[]>();
            while (reader.Read())
                rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => FieldText(reader.IsDBNull(i) ? null : reader.GetValue(i))).ToArray());
            return ImportFields(names, rows, path);
        }
    }

    /// <summary>Imports runs from a <see cref="DataFrame"/> with the <c>etl_runs.csv</c> column names (timestamps as <see cref="DateTime"/> UTC or ISO-8601 strings).</summary>
    public ImportResult ImportDataFrame(DataFrame frame, string sourceName = "DataFrame")
    {
        ArgumentNullException.ThrowIfNull(frame);
        var names = frame.Columns.Select(c => c.Name).ToArray();
        var rows = new List<string[]>();
        for (long r = 0; r < frame.Rows.Count; r++)
            rows.Add(frame.Columns.Select(c => FieldText(c[r])).ToArray());
        return ImportFields(names, rows, sourceName);
    }

    /// <summary>Appends (upserts) one run, e.g. a run of the kit's own pipelines.</summary>
    public void Append(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (string.IsNullOrWhiteSpace(run.Pipeline)) throw new KitDataException("empty pipeline name.", $"run {run.RunId}", "pipeline");
        if (!RunRecord.Outcomes.Contains(run.Outcome))
            throw new KitDataException($"outcome '{run.Outcome}' is not one of {string.Join(", ", RunRecord.Outcomes)}.", run.Pipeline, "outcome");
        if (run.RowsIn < 0 || run.BytesIn < 0 || run.FileCount < 0)
            throw new KitDataException("rows_in, bytes_in and file_count must be >= 0.", run.Pipeline, run.RowsIn < 0 ? "rows_in" : run.BytesIn < 0 ? "bytes_in" : "file_count");
        Import([run], [], run.Pipeline);
    }

    /// <summary>Appends (upserts by pipeline and timestamp) one ingestion-rate sample.</summary>
    public void AppendIngestionRate(IngestionRateSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (!double.IsFinite(sample.RowsPerSecond) || sample.RowsPerSecond < 0)
            throw new KitDataException($"rows per second {sample.RowsPerSecond} is not a finite number >= 0.", sample.Pipeline, "rows_per_second");
        Import([], [(sample, null)], sample.Pipeline);
    }

    private ImportResult ImportFields(string[] names, List<string[]> rows, string source)
    {
        var index = RunCsvReader.HeaderIndex(names, source, line: null);
        var missing = RunCsvReader.Required.Where(r => !index.ContainsKey(r)).ToArray();
        if (missing.Length > 0)
            throw new KitDataException($"missing column(s) {string.Join(", ", missing)}; the input has {string.Join(", ", names)}.", source);
        var runs = new List<RunRecord>(rows.Count);
        var rates = new List<(IngestionRateSample Sample, long? RunId)>();
        for (int r = 0; r < rows.Count; r++)
        {
            var f = rows[r];
            string Get(string c) => index.TryGetValue(c, out var i) ? f[i] : "";
            var values = new RunRowValues(source, r);
            var run = values.ToRecord(Get);
            runs.Add(run);
            if (index.ContainsKey("ingestion_rate_rps") && Get("ingestion_rate_rps").Length > 0)
                rates.Add((new IngestionRateSample(run.Pipeline, run.TriggerTime, values.Double(Get("ingestion_rate_rps"), "ingestion_rate_rps", nonNegative: true)), run.RunId));
        }
        return Import(runs, rates, source);
    }

    private static string FieldText(object? value) => value switch
    {
        null or DBNull => "",
        DateTime dt => DateTime.SpecifyKind(dt, dt.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <param name="runs">Validated runs.</param>
    /// <param name="rates">Validated rate samples, each with the run_id of the imported run it was read with (null for a sample appended on its own).</param>
    /// <param name="source">Input name for errors.</param>
    /// <param name="lines">For text files, the line each run starts on (errors then name lines instead of rows).</param>
    private ImportResult Import(IReadOnlyList<RunRecord> runs, IReadOnlyList<(IngestionRateSample Sample, long? RunId)> rates, string source, IReadOnlyList<long>? lines = null)
    {
        // Rates that came with a run travel in its staged row; samples appended on their own are staged separately.
        var runRates = rates.Where(r => r.RunId is not null).ToLookup(r => (r.Sample.Pipeline, r.RunId!.Value), r => r.Sample.RowsPerSecond);
        var standalone = rates.Where(r => r.RunId is null).Select(r => r.Sample).ToList();
        return Import(() => runs.Select((run, i) => new RunCsvReader.ParsedRow(run, runRates[(run.Pipeline, run.RunId)].Cast<double?>().LastOrDefault(), lines?[i])), standalone, source);
    }

    /// <param name="rows">Opens the validated rows (again for a retry); enumerated once per attempt, in batches, never held whole.</param>
    /// <param name="standaloneRates">Rate samples appended on their own (not linked to a run).</param>
    /// <param name="source">Input name for errors.</param>
    private ImportResult Import(Func<IEnumerable<RunCsvReader.ParsedRow>> rows, IReadOnlyList<IngestionRateSample> standaloneRates, string source)
    {
        // The last sample wins when a file repeats (pipeline, ts); that is a measurement, not an identity.
        var uniqueRates = standaloneRates.GroupBy(r => (r.Pipeline, r.Timestamp)).Select(g => g.Last()).ToList();
        (int Runs, int Rates) counts = default;
        // The direct load of an empty DuckDB store, unless samples come on their own (they upsert) or it met a repeated key.
        bool direct = uniqueRates.Count == 0;
        lock (_gate)
        {
            for (int attempt = 1; ; attempt++)
            {
                using var tx = _connection.BeginTransaction();
                try
                {
                    var first = direct ? TryLoadEmptyDuckDbStore(tx, rows, out counts) : FirstImportOutcome.NotApplicable;
                    if (first == FirstImportOutcome.DuplicateKey)
                    {
                        // DuckDB.NET may have finished the transaction itself on the constraint error (it is aborted either way).
                        try { tx.Rollback(); }
                        catch (InvalidOperationException) { }
                        direct = false;
                        attempt--; // not a failed attempt: the same import again, through the staging tables
                        continue;
                    }
                    if (first == FirstImportOutcome.NotApplicable) counts = ImportInTransaction(tx, rows(), uniqueRates, source);
                    long commitStart = System.Diagnostics.Stopwatch.GetTimestamp();
                    try { tx.Commit(); }
                    catch (DuckDBException) when (first == FirstImportOutcome.Loaded)
                    {
                        // DuckDB checks the keys of rows added in the transaction when it commits ("Failed to commit:
                        // PRIMARY KEY or UNIQUE constraint violation"): a repeated key of the direct load. The transaction
                        // is finished; the import runs again through the staging tables, which name both lines of a
                        // repeated run (or keep the later sample), and which report any other failure as they always did.
                        direct = false;
                        attempt--;
                        continue;
                    }
                    Phase("commit", ref commitStart);
                    break;
                }
                catch (KitDataException)
                {
                    tx.Rollback();
                    throw;
                }
                catch (DbException e) when (_dialect.IsRetryable(e) && attempt < Data.PostgresConcurrency.MaxAttempts)
                {
                    // A concurrent import of overlapping keys won the deadlock or serialization conflict: the whole
                    // transaction was rolled back by the server, so running it again from the start is safe.
                    tx.Rollback();
                    Thread.Sleep(Data.PostgresConcurrency.Backoff(attempt));
                }
                catch (DbException e)
                {
                    tx.Rollback();
                    throw new KitDataException($"{_dialect.Name} rejected the import, nothing was imported: {e.Message}", source, inner: e);
                }
            }
        }
        return new ImportResult(source, counts.Runs, counts.Rates);
    }

    /// <summary>
    /// Stages the rows, checks duplicates and merges, inside <paramref name="tx"/>. On PostgreSQL the merges read the staging
    /// tables in key order, so concurrent imports lock shared keys in the same order and do not deadlock each other.
    /// </summary>
    /// <returns>The runs staged and the rate samples written.</returns>
    private (int Runs, int Rates) ImportInTransaction(DbTransaction tx, IEnumerable<RunCsvReader.ParsedRow> rows, IReadOnlyList<IngestionRateSample> uniqueRates, string source)
    {
        string stageRunsName = "staging_runs_" + Guid.NewGuid().ToString("N"), stageRatesName = "staging_rates_" + Guid.NewGuid().ToString("N");
        string stageRuns = SqlIdentifier.Quote(stageRunsName), stageRates = SqlIdentifier.Quote(stageRatesName);
        Execute(tx, $"CREATE TEMP TABLE {stageRuns} ({RunColumnsDdl(primaryKey: false)}, {Q("ingestion_rate_rps")} {_dialect.DoubleType}, {Q("source_row")} BIGINT NOT NULL, {Q("source_line")} BIGINT)");
        Execute(tx, $"CREATE TEMP TABLE {stageRates} ({Q("pipeline")} VARCHAR NOT NULL, {Q("ts")} {_dialect.TimestampType} NOT NULL, {Q("rows_per_second")} {_dialect.DoubleType} NOT NULL)");
        // Rows go to the appender / COPY as they are parsed: a bad row throws mid-stream and the transaction rolls back.
        long phaseStart = System.Diagnostics.Stopwatch.GetTimestamp();
        int runCount = StageRuns(stageRunsName, rows);
        InsertBatched(tx, stageRatesName, ["pipeline", "ts", "rows_per_second"],
            uniqueRates.Select(r => new object?[] { r.Pipeline, _dialect.ToDb(r.Timestamp), r.RowsPerSecond }));
        Phase("stage", ref phaseStart);

        // Lines grow with rows, so the first and last duplicate row are also the first and last duplicate line. A plain
        // grouping probe first (issue 19: the located query's four aggregates cost about twice as much on millions of rows).
        if (HasDuplicateKey(tx, stageRuns))
        {
            using (var dup = Command(tx, $"SELECT {Q("pipeline")}, {Q("run_id")}, MIN({Q("source_row")}), MAX({Q("source_row")}), MIN({Q("source_line")}), MAX({Q("source_line")}) FROM {stageRuns} GROUP BY {Q("pipeline")}, {Q("run_id")} HAVING COUNT(*) > 1 ORDER BY 3 LIMIT 1"))
            using (var r = dup.ExecuteReader())
                if (r.Read())
                {
                    long firstRow = Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture), secondRow = Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture);
                    long? firstLine = r.IsDBNull(4) ? null : Convert.ToInt64(r.GetValue(4), CultureInfo.InvariantCulture);
                    long? secondLine = r.IsDBNull(5) ? null : Convert.ToInt64(r.GetValue(5), CultureInfo.InvariantCulture);
                    var where = firstLine is null ? $"rows {firstRow} and {secondRow}" : $"lines {firstLine} and {secondLine}";
                    throw new KitDataException($"pipeline '{r.GetString(0)}' run_id {Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture)} appears twice ({where}); expected (pipeline, run_id) to be unique. Nothing was imported.",
                        source, "run_id", secondRow, line: secondLine);
                }
        }
        int rateCount = uniqueRates.Count;
        Phase("duplicates", ref phaseStart);

        var cols = string.Join(", ", RunColumns.Select(Q));
        var updates = string.Join(", ", RunColumns.Skip(2).Select(c => $"{Q(c)} = EXCLUDED.{Q(c)}"));
        // A re-imported run replaces its whole row, including the rate sample it was imported with: drop the samples of
        // the runs being imported before inserting the new ones, so a corrected file (a changed trigger time, a rate
        // removed) leaves the store as a clean import of it would, with no stale sample at the old timestamp. (DuckDB skips
        // it on an empty table, read in the transaction's snapshot; PostgreSQL always runs it, as concurrent imports may commit meanwhile.)
        if (_connection is not DuckDBConnection || HasRows(tx, RatesTable))
            Execute(tx, $"DELETE FROM {Q(RatesTable)} WHERE {Q("run_id")} IS NOT NULL AND EXISTS (SELECT 1 FROM {stageRuns} s WHERE s.{Q("pipeline")} = {Q(RatesTable)}.{Q("pipeline")} AND s.{Q("run_id")} = {Q(RatesTable)}.{Q("run_id")})");
        var rateUpsert = $"ON CONFLICT ({Q("pipeline")}, {Q("ts")}) DO UPDATE SET {Q("rows_per_second")} = EXCLUDED.{Q("rows_per_second")}, {Q("run_id")} = EXCLUDED.{Q("run_id")}";
        if (_connection is DuckDBConnection)
        {
            // DuckDB resolves concurrent writers by optimistic concurrency (a conflict aborts, no lock-order deadlocks), so the
            // merge needs no key order; and an UPDATE of the stored keys plus an INSERT of the new ones is faster than
            // INSERT … ON CONFLICT DO UPDATE, which probes the primary-key index row by row (issue 19). Same result: every
            // staged row replaces or adds its (pipeline, run_id); the staged keys are unique (checked above).
            // A table that holds nothing yet (a first import, the usual bulk load) has nothing to update or to skip: it is
            // loaded without the UPDATE's join and the INSERT's anti-join, and its key index is built in one pass.
            if (HasRows(tx, RunsTable))
            {
                Execute(tx, $"UPDATE {Q(RunsTable)} SET {string.Join(", ", RunColumns.Skip(2).Select(c => $"{Q(c)} = s.{Q(c)}"))} FROM {stageRuns} s " +
                            $"WHERE {Q(RunsTable)}.{Q("pipeline")} = s.{Q("pipeline")} AND {Q(RunsTable)}.{Q("run_id")} = s.{Q("run_id")}");
                Execute(tx, $"INSERT INTO {Q(RunsTable)} ({cols}) SELECT {string.Join(", ", RunColumns.Select(c => "s." + Q(c)))} FROM {stageRuns} s " +
                            $"WHERE NOT EXISTS (SELECT 1 FROM {Q(RunsTable)} t WHERE t.{Q("pipeline")} = s.{Q("pipeline")} AND t.{Q("run_id")} = s.{Q("run_id")})");
            }
            else LoadEmptyDuckDbTable(tx, RunsTable, RunColumnsDdl(primaryKey: false), "pipeline", "run_id", $"INSERT INTO {Q(RunsTable)} ({cols}) SELECT {cols} FROM {stageRuns}");
            // The samples that came with the runs; of two runs of a pipeline at the same trigger time the later row wins
            // (arg_max by source row: one hash aggregate instead of a sorted window).
            var latestSamples = $"SELECT {Q("pipeline")}, {Q("trigger_time")} AS {Q("ts")}, arg_max({Q("ingestion_rate_rps")}, {Q("source_row")}) AS {Q("rows_per_second")}, " +
                                $"arg_max({Q("run_id")}, {Q("source_row")}) AS {Q("run_id")} FROM {stageRuns} WHERE {Q("ingestion_rate_rps")} IS NOT NULL GROUP BY {Q("pipeline")}, {Q("trigger_time")}";
            var rateColumns = $"{Q("pipeline")}, {Q("ts")}, {Q("rows_per_second")}, {Q("run_id")}";
            if (HasRows(tx, RatesTable))
            {
                string derivedName = "staging_derived_" + Guid.NewGuid().ToString("N"), derived = Q(derivedName);
                Execute(tx, $"CREATE TEMP TABLE {derived} AS {latestSamples}");
                rateCount += Execute(tx, $"UPDATE {Q(RatesTable)} SET {Q("rows_per_second")} = d.{Q("rows_per_second")}, {Q("run_id")} = d.{Q("run_id")} FROM {derived} d " +
                                         $"WHERE {Q(RatesTable)}.{Q("pipeline")} = d.{Q("pipeline")} AND {Q(RatesTable)}.{Q("ts")} = d.{Q("ts")}");
                rateCount += Execute(tx, $"INSERT INTO {Q(RatesTable)} ({rateColumns}) SELECT d.{Q("pipeline")}, d.{Q("ts")}, d.{Q("rows_per_second")}, d.{Q("run_id")} FROM {derived} d " +
                                         $"WHERE NOT EXISTS (SELECT 1 FROM {Q(RatesTable)} t WHERE t.{Q("pipeline")} = d.{Q("pipeline")} AND t.{Q("ts")} = d.{Q("ts")})");
                Execute(tx, $"DROP TABLE {derived}");
            }
            else rateCount += LoadEmptyDuckDbTable(tx, RatesTable, RatesColumnsDdl(primaryKey: false), "pipeline", "ts", $"INSERT INTO {Q(RatesTable)} ({rateColumns}) {latestSamples}");
        }
        else
        {
            Execute(tx, $"INSERT INTO {Q(RunsTable)} ({cols}) SELECT {cols} FROM {stageRuns} ORDER BY {Q("pipeline")}, {Q("run_id")} ON CONFLICT ({Q("pipeline")}, {Q("run_id")}) DO UPDATE SET {updates}");
            // The samples that came with the runs; of two runs of a pipeline at the same trigger time the later row wins.
            // The statement's row count (inserted plus updated) is the number of samples written.
            rateCount += Execute(tx, $"INSERT INTO {Q(RatesTable)} ({Q("pipeline")}, {Q("ts")}, {Q("rows_per_second")}, {Q("run_id")}) " +
                        $"SELECT {Q("pipeline")}, {Q("trigger_time")}, {Q("ingestion_rate_rps")}, {Q("run_id")} FROM (SELECT {Q("pipeline")}, {Q("trigger_time")}, {Q("ingestion_rate_rps")}, {Q("run_id")}, " +
                        $"ROW_NUMBER() OVER (PARTITION BY {Q("pipeline")}, {Q("trigger_time")} ORDER BY {Q("source_row")} DESC) AS {Q("latest")} FROM {stageRuns} WHERE {Q("ingestion_rate_rps")} IS NOT NULL) {Q("derived")} " +
                        $"WHERE {Q("latest")} = 1 ORDER BY {Q("pipeline")}, {Q("trigger_time")} {rateUpsert}");
        }
        Execute(tx, $"INSERT INTO {Q(RatesTable)} ({Q("pipeline")}, {Q("ts")}, {Q("rows_per_second")}) SELECT {Q("pipeline")}, {Q("ts")}, {Q("rows_per_second")} FROM {stageRates} ORDER BY {Q("pipeline")}, {Q("ts")} {rateUpsert}");
        Execute(tx, $"DROP TABLE {stageRuns}");
        Execute(tx, $"DROP TABLE {stageRates}");
        Phase("merge", ref phaseStart);
        return (runCount, rateCount);
    }

    /// <summary>
    /// Appends the validated rows to the staging table named <paramref name="table"/> (unquoted), inside the connection's
    /// open transaction, as they are read, in batches of <see cref="StageBatchRows"/>: typed values straight into DuckDB's
    /// appender or a binary COPY (no per-row object arrays or boxing, issue 19). The rows are read and validated on a second
    /// thread (<see cref="ReadAheadOf"/>), a few small chunks ahead of the appending, well within one batch; a batch's rows
    /// are in the database once its appender is closed or its COPY completed.
    /// </summary>
    /// <returns>The rows staged; each row's <c>source_row</c> is its position in the whole input, across batches.</returns>
    private int StageRuns(string table, IEnumerable<RunCsvReader.ParsedRow> rows)
    {
        int batch = Math.Max(1, StageBatchRows), staged = 0;
        rows = ReadAheadOf(rows);
        if (_connection is DuckDBConnection duck)
        {
            DuckDBAppender? appender = null;
            try
            {
                foreach (var p in rows)
                {
                    if (staged % batch == 0)
                    {
                        appender?.Close();
                        appender?.Dispose();
                        appender = duck.CreateAppender("temp", "main", table);
                    }
                    var r = p.Run;
                    appender!.CreateRow()
                        .AppendValue(r.Pipeline).AppendValue(r.RunId).AppendValue(r.TriggerTime.UtcDateTime)
                        .AppendValue(r.StartTime?.UtcDateTime).AppendValue(r.EndTime?.UtcDateTime)
                        .AppendValue(r.RowsIn).AppendValue(r.BytesIn).AppendValue(r.FileCount).AppendValue(r.SchemaVersion)
                        .AppendValue(r.SchemaHash).AppendValue(r.Outcome).AppendValue(p.Rate).AppendValue((long)staged).AppendValue(p.Line)
                        .EndRow();
                    staged++;
                }
                appender?.Close();
            }
            finally { appender?.Dispose(); }
            return staged;
        }
        if (_connection is Npgsql.NpgsqlConnection pg)
        {
            var copy = $"COPY {Q(table)} ({string.Join(", ", RunColumns.Concat(["ingestion_rate_rps", "source_row", "source_line"]).Select(Q))}) FROM STDIN (FORMAT BINARY)";
            Npgsql.NpgsqlBinaryImporter? writer = null;
            try
            {
                foreach (var p in rows)
                {
                    if (staged % batch == 0)
                    {
                        writer?.Complete();
                        writer?.Dispose();
                        writer = pg.BeginBinaryImport(copy);
                    }
                    var r = p.Run;
                    writer!.StartRow();
                    writer.Write(r.Pipeline, NpgsqlTypes.NpgsqlDbType.Varchar);
                    writer.Write(r.RunId, NpgsqlTypes.NpgsqlDbType.Bigint);
                    writer.Write(r.TriggerTime.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    if (r.StartTime is { } s) writer.Write(s.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz); else writer.WriteNull();
                    if (r.EndTime is { } e) writer.Write(e.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz); else writer.WriteNull();
                    writer.Write(r.RowsIn, NpgsqlTypes.NpgsqlDbType.Bigint);
                    writer.Write(r.BytesIn, NpgsqlTypes.NpgsqlDbType.Bigint);
                    writer.Write(r.FileCount, NpgsqlTypes.NpgsqlDbType.Integer);
                    writer.Write(r.SchemaVersion, NpgsqlTypes.NpgsqlDbType.Integer);
                    writer.Write(r.SchemaHash, NpgsqlTypes.NpgsqlDbType.Varchar);
                    writer.Write(r.Outcome, NpgsqlTypes.NpgsqlDbType.Varchar);
                    if (p.Rate is { } rate) writer.Write(rate, NpgsqlTypes.NpgsqlDbType.Double); else writer.WriteNull();
                    writer.Write((long)staged, NpgsqlTypes.NpgsqlDbType.Bigint);
                    if (p.Line is { } line) writer.Write(line, NpgsqlTypes.NpgsqlDbType.Bigint); else writer.WriteNull();
                    staged++;
                }
                writer?.Complete();
            }
            finally { writer?.Dispose(); }
            return staged;
        }
        throw new InvalidOperationException($"no staging writer for {_connection.GetType().Name}");
    }

    /// <summary>Inserts rows into the temporary table named <paramref name="table"/> (unquoted) in <paramref name="tx"/>.</summary>
    private void InsertBatched(DbTransaction tx, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        if (_connection is DuckDBConnection duck)
        {
            // DuckDB's appender writes rows straight into the (temp) staging table inside the open transaction, without
            // building and parsing a multi-row INSERT per 200 rows: the import's main cost before (issue 19).
            using var appender = duck.CreateAppender("temp", "main", table);
            foreach (var row in rows)
            {
                var appendRow = appender.CreateRow();
                foreach (var value in row)
                    appendRow = value switch
                    {
                        null => appendRow.AppendNullValue(),
                        string text => appendRow.AppendValue(text),
                        long l => appendRow.AppendValue(l),
                        int i => appendRow.AppendValue(i),
                        double d => appendRow.AppendValue(d),
                        DateTime dt => appendRow.AppendValue(dt),
                        _ => throw new InvalidOperationException($"no appender conversion for {value.GetType()}"),
                    };
                appendRow.EndRow();
            }
            return;
        }
        if (_connection is Npgsql.NpgsqlConnection pg)
        {
            // Binary COPY streams the rows to the server in one command, instead of one parsed INSERT per 200 rows.
            using var writer = pg.BeginBinaryImport($"COPY {Q(table)} ({string.Join(", ", columns.Select(Q))}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                writer.StartRow();
                foreach (var value in row)
                    switch (value)
                    {
                        case null: writer.WriteNull(); break;
                        case string text: writer.Write(text, NpgsqlTypes.NpgsqlDbType.Varchar); break;
                        case long l: writer.Write(l, NpgsqlTypes.NpgsqlDbType.Bigint); break;
                        case int i: writer.Write(i, NpgsqlTypes.NpgsqlDbType.Integer); break;
                        case double d: writer.Write(d, NpgsqlTypes.NpgsqlDbType.Double); break;
                        case DateTime dt: writer.Write(dt, NpgsqlTypes.NpgsqlDbType.TimestampTz); break;
                        default: throw new InvalidOperationException($"no COPY conversion for {value.GetType()}");
                    }
            }
            writer.Complete();
            return;
        }
        const int batchRows = 200;
        var batch = new List<object?[]>(batchRows);
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == batchRows) { Flush(); batch.Clear(); }
        }
        if (batch.Count > 0) Flush();

        void Flush()
        {
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            var values = new List<string>(batch.Count);
            int p = 0;
            foreach (var row in batch)
            {
                var markers = new string[row.Length];
                for (int j = 0; j < row.Length; j++)
                {
                    var name = "p" + p++;
                    markers[j] = _dialect.Marker(name);
                    AddParameter(cmd, name, row[j], NullType(columns[j]));
                }
                values.Add("(" + string.Join(", ", markers) + ")");
            }
            cmd.CommandText = $"INSERT INTO {Q(table)} ({string.Join(", ", columns.Select(Q))}) VALUES {string.Join(", ", values)}";
            cmd.ExecuteNonQuery();
        }
    }

    // ---------------------------------------------------------------- queries

    /// <summary>Names of the pipelines with at least one run, sorted.</summary>
    public IReadOnlyList<string> Pipelines()
    {
        lock (_gate)
        {
            using var cmd = Command(null, $"SELECT DISTINCT {Q("pipeline")} FROM {Q(RunsTable)} ORDER BY 1");
            using var r = cmd.ExecuteReader();
            var list = new List<string>();
            while (r.Read()) list.Add(r.GetString(0));
            return list;
        }
    }

    /// <summary>Runs ordered by trigger time (then pipeline and run id), optionally of one pipeline and within [from, to).</summary>
    public IReadOnlyList<RunRecord> GetRunRecords(string? pipeline = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        lock (_gate)
        {
            using var cmd = Command(null, "");
            var where = Filter(cmd, pipeline, "trigger_time", from, to);
            cmd.CommandText = $"SELECT {string.Join(", ", RunColumns.Select(Q))} FROM {Q(RunsTable)}{where} ORDER BY {Q("trigger_time")}, {Q("pipeline")}, {Q("run_id")}";
            using var r = cmd.ExecuteReader();
            var list = new List<RunRecord>();
            while (r.Read())
                list.Add(new RunRecord(r.GetString(0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture), StoreDialect.FromDb(r.GetValue(2)),
                    r.IsDBNull(3) ? null : StoreDialect.FromDb(r.GetValue(3)), r.IsDBNull(4) ? null : StoreDialect.FromDb(r.GetValue(4)),
                    Convert.ToInt64(r.GetValue(5), CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(6), CultureInfo.InvariantCulture),
                    Convert.ToInt32(r.GetValue(7), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(8), CultureInfo.InvariantCulture),
                    r.GetString(9), r.GetString(10)));
            return list;
        }
    }

    /// <summary>
    /// Runs as a <see cref="DataFrame"/> (columns as in <c>etl_runs.csv</c>, timestamps as UTC <see cref="DateTime"/>), ordered by
    /// trigger time, optionally of one pipeline and within [from, to).
    /// </summary>
    public DataFrame GetRuns(string? pipeline = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var runs = GetRunRecords(pipeline, from, to);
        return new DataFrame(
            new StringDataFrameColumn("pipeline", runs.Select(r => r.Pipeline)),
            new Int64DataFrameColumn("run_id", runs.Select(r => r.RunId)),
            new DateTimeDataFrameColumn("trigger_time", runs.Select(r => (DateTime?)r.TriggerTime.UtcDateTime)),
            new DateTimeDataFrameColumn("start_time", runs.Select(r => r.StartTime?.UtcDateTime)),
            new DateTimeDataFrameColumn("end_time", runs.Select(r => r.EndTime?.UtcDateTime)),
            new Int64DataFrameColumn("rows_in", runs.Select(r => r.RowsIn)),
            new Int64DataFrameColumn("bytes_in", runs.Select(r => r.BytesIn)),
            new Int32DataFrameColumn("file_count", runs.Select(r => r.FileCount)),
            new Int32DataFrameColumn("schema_version", runs.Select(r => r.SchemaVersion)),
            new StringDataFrameColumn("schema_hash", runs.Select(r => r.SchemaHash)),
            new StringDataFrameColumn("outcome", runs.Select(r => r.Outcome)));
    }

    /// <summary>Ingestion-rate samples ordered by time, optionally of one pipeline and within [from, to).</summary>
    public IReadOnlyList<IngestionRateSample> GetIngestionRates(string? pipeline = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        lock (_gate)
        {
            using var cmd = Command(null, "");
            var where = Filter(cmd, pipeline, "ts", from, to);
            cmd.CommandText = $"SELECT {Q("pipeline")}, {Q("ts")}, {Q("rows_per_second")} FROM {Q(RatesTable)}{where} ORDER BY {Q("ts")}, {Q("pipeline")}";
            using var r = cmd.ExecuteReader();
            var list = new List<IngestionRateSample>();
            while (r.Read()) list.Add(new IngestionRateSample(r.GetString(0), StoreDialect.FromDb(r.GetValue(1)), r.GetDouble(2)));
            return list;
        }
    }

    // ---------------------------------------------------------------- predictions

    /// <summary>Saves a model and its prediction (one row, committed atomically).</summary>
    public void SavePrediction(StoredPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var cmd = Command(tx, $"INSERT INTO {Q(PredictionsTable)} ({Q("prediction_id")}, {Q("pipeline")}, {Q("created_at")}, {Q("model_name")}, {Q("model_json")}, {Q("prediction_json")}) VALUES ({_dialect.Marker("id")}, {_dialect.Marker("pipeline")}, {_dialect.Marker("created")}, {_dialect.Marker("model")}, {_dialect.Marker("modelJson")}, {_dialect.Marker("predictionJson")})");
            AddParameter(cmd, "id", prediction.PredictionId);
            AddParameter(cmd, "pipeline", prediction.Pipeline);
            AddParameter(cmd, "created", _dialect.ToDb(prediction.CreatedAt));
            AddParameter(cmd, "model", prediction.ModelName);
            AddParameter(cmd, "modelJson", prediction.ModelJson);
            AddParameter(cmd, "predictionJson", prediction.PredictionJson);
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <summary>Saved predictions, newest first, optionally of one pipeline.</summary>
    public IReadOnlyList<StoredPrediction> GetPredictions(string? pipeline = null)
    {
        lock (_gate)
        {
            using var cmd = Command(null, "");
            var where = Filter(cmd, pipeline, "created_at", null, null);
            cmd.CommandText = $"SELECT {Q("prediction_id")}, {Q("pipeline")}, {Q("created_at")}, {Q("model_name")}, {Q("model_json")}, {Q("prediction_json")} FROM {Q(PredictionsTable)}{where} ORDER BY {Q("created_at")} DESC, {Q("prediction_id")}";
            using var r = cmd.ExecuteReader();
            var list = new List<StoredPrediction>();
            while (r.Read())
                list.Add(new StoredPrediction(r.GetString(0), r.GetString(1), StoreDialect.FromDb(r.GetValue(2)), r.GetString(3), r.GetString(4), r.GetString(5)));
            return list;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the store's connection under its lock, so other capabilities (the proactive loop's
    /// trigger verdicts) can keep their own tables in the same database and transaction discipline.
    /// </summary>
    internal T UseConnection<T>(Func<DbConnection, StoreDialect, T> work)
    {
        lock (_gate) return work(_connection, _dialect);
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    // ---------------------------------------------------------------- helpers

    private static string Q(string name) => SqlIdentifier.Quote(name);

    private string RunColumnsDdl(bool primaryKey)
    {
        var ts = _dialect.TimestampType;
        var ddl = $"{Q("pipeline")} VARCHAR NOT NULL, {Q("run_id")} BIGINT NOT NULL, {Q("trigger_time")} {ts} NOT NULL, {Q("start_time")} {ts}, {Q("end_time")} {ts}, " +
                  $"{Q("rows_in")} BIGINT NOT NULL, {Q("bytes_in")} BIGINT NOT NULL, {Q("file_count")} INTEGER NOT NULL, {Q("schema_version")} INTEGER NOT NULL, " +
                  $"{Q("schema_hash")} VARCHAR NOT NULL, {Q("outcome")} VARCHAR NOT NULL";
        return primaryKey ? ddl + $", PRIMARY KEY ({Q("pipeline")}, {Q("run_id")})" : ddl;
    }

    private string RatesColumnsDdl(bool primaryKey)
    {
        var ddl = $"{Q("pipeline")} VARCHAR NOT NULL, {Q("ts")} {_dialect.TimestampType} NOT NULL, {Q("rows_per_second")} {_dialect.DoubleType} NOT NULL, {Q("run_id")} BIGINT";
        return primaryKey ? ddl + $", PRIMARY KEY ({Q("pipeline")}, {Q("ts")})" : ddl;
    }

    /// <summary>
    /// Loads rows into an EMPTY DuckDB store table (issue 19): DuckDB maintains a primary-key index row by row as rows are
    /// inserted, several times slower than building it in one pass over a loaded table. So, inside the import's
    /// transaction, the table is dropped and created again with the same columns and no key, <paramref name="insert"/> fills
    /// it, and the same primary key (<paramref name="key1"/>, <paramref name="key2"/>) is added; DuckDB checks it then. A
    /// rollback restores the empty table; a committed store has the same columns and key as one created by
    /// <see cref="CreateSchema"/>. Only ever called after the caller saw the table empty in this transaction.
    /// </summary>
    /// <returns>The rows inserted.</returns>
    private int LoadEmptyDuckDbTable(DbTransaction tx, string table, string columnsDdl, string key1, string key2, string insert)
    {
        Execute(tx, $"DROP TABLE {Q(table)}");
        Execute(tx, $"CREATE TABLE {Q(table)} ({columnsDdl})");
        int rows = Execute(tx, insert);
        Execute(tx, $"ALTER TABLE {Q(table)} ADD PRIMARY KEY ({Q(key1)}, {Q(key2)})");
        return rows;
    }

    private void CreateSchema()
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            // Two sessions creating the tables of an empty PostgreSQL database at once collide (23505 on pg_type):
            // the advisory lock makes the second wait, and its CREATE … IF NOT EXISTS then sees the committed tables.
            if (_dialect.SchemaLockSql is { } schemaLock) Execute(tx, schemaLock);
            Execute(tx, $"CREATE TABLE IF NOT EXISTS {Q(RunsTable)} ({RunColumnsDdl(primaryKey: true)})");
            Execute(tx, $"CREATE TABLE IF NOT EXISTS {Q(RatesTable)} ({RatesColumnsDdl(primaryKey: true)})");
            // run_id: the run a sample was imported with (null for a sample appended on its own), so re-importing the run
            // replaces its sample. Stores created before it get the column; their existing samples stay unlinked.
            Execute(tx, $"ALTER TABLE {Q(RatesTable)} ADD COLUMN IF NOT EXISTS {Q("run_id")} BIGINT");
            Execute(tx, $"CREATE TABLE IF NOT EXISTS {Q(PredictionsTable)} ({Q("prediction_id")} VARCHAR PRIMARY KEY, {Q("pipeline")} VARCHAR NOT NULL, {Q("created_at")} {_dialect.TimestampType} NOT NULL, {Q("model_name")} VARCHAR NOT NULL, {Q("model_json")} VARCHAR NOT NULL, {Q("prediction_json")} VARCHAR NOT NULL)");
            tx.Commit();
        }
    }

    private string Filter(DbCommand cmd, string? pipeline, string timeColumn, DateTimeOffset? from, DateTimeOffset? to)
    {
        var parts = new List<string>();
        if (pipeline is not null) { parts.Add($"{Q("pipeline")} = {_dialect.Marker("pipeline")}"); AddParameter(cmd, "pipeline", pipeline); }
        if (from is { } f) { parts.Add($"{Q(timeColumn)} >= {_dialect.Marker("from")}"); AddParameter(cmd, "from", _dialect.ToDb(f)); }
        if (to is { } t) { parts.Add($"{Q(timeColumn)} < {_dialect.Marker("to")}"); AddParameter(cmd, "to", _dialect.ToDb(t)); }
        return parts.Count == 0 ? "" : " WHERE " + string.Join(" AND ", parts);
    }

    private DbCommand Command(DbTransaction? tx, string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    /// <summary>Whether the staging table <paramref name="stageRuns"/> (quoted) holds a (pipeline, run_id) twice.</summary>
    private bool HasDuplicateKey(DbTransaction tx, string stageRuns)
    {
        using var cmd = Command(tx, $"SELECT 1 FROM {stageRuns} GROUP BY {Q("pipeline")}, {Q("run_id")} HAVING COUNT(*) > 1 LIMIT 1");
        using var r = cmd.ExecuteReader();
        return r.Read();
    }

    /// <summary>Whether the store table <paramref name="table"/> holds any row, as seen inside <paramref name="tx"/>.</summary>
    private bool HasRows(DbTransaction tx, string table)
    {
        using var cmd = Command(tx, $"SELECT EXISTS (SELECT 1 FROM {Q(table)})");
        return Convert.ToBoolean(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <returns>The rows the statement changed.</returns>
    private int Execute(DbTransaction tx, string sql)
    {
        using var cmd = Command(tx, sql);
        return cmd.ExecuteNonQuery();
    }

    private static void AddParameter(DbCommand cmd, string name, object? value, DbType nullType = DbType.DateTime)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        if (value is null) p.DbType = nullType; // a bare NULL parameter needs its column's type on PostgreSQL
        cmd.Parameters.Add(p);
    }

    /// <summary>The type of a NULL in a nullable staged column: the start/end timestamps or a rate sample's run_id.</summary>
    private static DbType NullType(string column) => column switch
    {
        "start_time" or "end_time" => DbType.DateTime,
        "ingestion_rate_rps" => DbType.Double,
        _ => DbType.Int64, // source_line
    };
}
