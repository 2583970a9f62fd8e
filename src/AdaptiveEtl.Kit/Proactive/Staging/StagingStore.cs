using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Proactive.SchemaChecks;
using AdaptiveEtl.Kit.Proactive.Sources;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>
/// Pre-fetched data in DuckDB (a file under the work folder, or <c>":memory:"</c> for notebooks): one staging table
/// per (pipeline, source), a watermarks table written in the SAME transaction as the staged rows, per-batch metrics,
/// the last accepted schema per source, and idempotent atomic publish into target tables. Killing the process at any
/// point loses nothing and duplicates nothing: a batch is either committed with its watermark or not at all, and a
/// publish writes the target rows and its publish mark in one transaction.
/// <para>
/// Bookkeeping tables: <c>_kit_watermarks</c>, <c>_kit_stage_batches</c>, <c>_kit_schemas</c>, <c>_kit_schema_log</c>,
/// <c>_kit_publishes</c>. Staging tables are named <c>stage__{pipeline}__{source}</c> and carry the source's columns
/// plus <c>_kit_batch</c> (batch id) and <c>_kit_part</c> (file or table the row came from).
/// </para>
/// Calls are thread-safe; calls for the same (pipeline, source) are serialised.
/// </summary>
public sealed class StagingStore : IDisposable, IAsyncDisposable
{
    /// <summary>The batch-id column of staging tables.</summary>
    public const string BatchColumn = "_kit_batch";

    /// <summary>The part (file/table name) column of staging tables.</summary>
    public const string PartColumn = "_kit_part";

    private const string Watermarks = "_kit_watermarks";
    private const string Batches = "_kit_stage_batches";
    private const string Schemas = "_kit_schemas";
    private const string SchemaLog = "_kit_schema_log";
    private const string Blocks = "_kit_blocks";
    private const string Publishes = "_kit_publishes";
    private const string BatchSequence = "_kit_batch_seq";
    private static readonly string[] Bookkeeping = [BatchColumn, PartColumn];
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private readonly DuckDBConnection _connection;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private bool _disposed;

    private StagingStore(string path)
    {
        DatabasePath = path;
        _connection = new DuckDBConnection($"Data Source={path}");
        _connection.Open();
        foreach (var ddl in new[]
        {
            $"CREATE TABLE IF NOT EXISTS {Q(Watermarks)} (pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, watermark VARCHAR NOT NULL, batch BIGINT, updated_at TIMESTAMP NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS {Q(Batches)} (batch BIGINT NOT NULL, pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, part VARCHAR NOT NULL, rows BIGINT NOT NULL, bytes BIGINT NOT NULL, staged_at TIMESTAMP NOT NULL, duration_ms DOUBLE NOT NULL, watermark VARCHAR, removed BOOLEAN NOT NULL DEFAULT false)",
            $"CREATE TABLE IF NOT EXISTS {Q(Schemas)} (pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, snapshot VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS {Q(SchemaLog)} (pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, logged_at TIMESTAMP NOT NULL, origin VARCHAR, decision VARCHAR NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS {Q(Blocks)} (pipeline VARCHAR NOT NULL, source VARCHAR NOT NULL, report VARCHAR NOT NULL, arriving VARCHAR NOT NULL, blocked_at TIMESTAMP NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS {Q(Publishes)} (pipeline VARCHAR NOT NULL, target VARCHAR NOT NULL, publish_key VARCHAR NOT NULL, source VARCHAR, up_to_batch BIGINT, rows BIGINT NOT NULL, published_at TIMESTAMP NOT NULL)",
            $"CREATE SEQUENCE IF NOT EXISTS {Q(BatchSequence)}",
        })
            DuckDbSql.Execute(_connection, ddl);
    }

    /// <summary>Opens (creating if needed) a store: a DuckDB file path, or <c>":memory:"</c>.</summary>
    public static StagingStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path != ":memory:")
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        return new StagingStore(path);
    }

    /// <summary>Opens the store <c>staging.duckdb</c> inside a work folder (created when missing).</summary>
    public static StagingStore OpenInWorkFolder(string workFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workFolder);
        return Open(System.IO.Path.Combine(workFolder, "staging.duckdb"));
    }

    /// <summary>The database path, or <c>":memory:"</c>.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// The store's connection, for reading staged tables and running transformation SQL on them. Do not use it while
    /// another store call is running on another thread; prefer <see cref="OpenConnection"/> for parallel work.
    /// </summary>
    public DuckDBConnection Connection
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _connection;
        }
    }

    /// <summary>A new connection to the same database (same in-memory database too); the caller disposes it.</summary>
    public DuckDBConnection OpenConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // In-memory databases are private to a connection and its duplicates; a file is shared by every connection of the process.
        if (DatabasePath == ":memory:")
        {
            var d = _connection.Duplicate();
            if (d.State != System.Data.ConnectionState.Open) d.Open();
            return d;
        }
        var c = new DuckDBConnection($"Data Source={DatabasePath}");
        c.Open();
        return c;
    }

    /// <summary>The staging table of (pipeline, source), unquoted.</summary>
    public static string StagingTableName(string pipeline, string source) => $"stage__{pipeline}__{source}";

    // ------------------------------------------------------------------ staging

    /// <summary>
    /// Stages what is new in <paramref name="source"/> for <paramref name="pipeline"/>: fetches part by part (file by
    /// file) after the committed watermark, checks each part's schema against the expected one (compatible changes adapt
    /// the staging table with a logged decision; the first incompatible part stops staging with a report naming file,
    /// column and change), appends the rows and advances the watermark in one transaction per part. A source that is
    /// down is retried with the options' backoff. Never throws for source or data problems: see <see cref="StageOutcome.Status"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (the open transaction is rolled back).</exception>
    public async Task<StageOutcome> StageAsync(string pipeline, ISourceConnector source, StageOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentNullException.ThrowIfNull(source);
        var o = options ?? StageOptions.Default;
        var sw = Stopwatch.StartNew();
        var gate = Lock(pipeline, source.Name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var conn = OpenConnection();
            var decisions = new List<string>();
            void Log(string line) { decisions.Add(line); o.Log?.Invoke(line); }
            var before = ReadWatermark(conn, pipeline, source.Name);
            var batches = new List<StagedBatch>();
            var reports = new List<SchemaCheckReport>();
            var quarantined = new List<QuarantinedFile>();
            int attempts = 0;
            StageOutcome Done(StageStatus status, string? error = null, SchemaCheckReport? blocking = null) => new()
            {
                Pipeline = pipeline, Source = source.Name, Status = status, Rows = batches.Sum(b => b.Rows), Bytes = batches.Sum(b => b.Bytes),
                WatermarkBefore = before, WatermarkAfter = ReadWatermark(conn, pipeline, source.Name), Batches = batches, SchemaReports = reports,
                BlockingReport = blocking, Quarantined = quarantined, Attempts = Math.Max(1, attempts), Error = error, Duration = sw.Elapsed, Decisions = decisions,
            };

            var estimate = await o.Retry.ExecuteAsync((_, ct) => source.EstimateNewAsync(before, ct), cancellationToken).ConfigureAwait(false);
            attempts += estimate.Attempts;
            foreach (var e in estimate.Errors) Log($"{source.Name}: estimate {e}");
            if (!estimate.Succeeded)
            {
                return Done(Unavailable(estimate), $"estimate failed: {estimate.GaveUpBecause}: {estimate.LastError?.Message}");
            }
            var parts = estimate.Value!.Parts.Take(o.MaxParts ?? int.MaxValue).ToList();
            if (parts.Count == 0) return Done(StageStatus.NothingNew);
            if (parts.Any(p => p.UpTo is null)) parts = [parts[0] with { UpTo = null }]; // the source cannot bound a fetch: one fetch of everything new

            foreach (var part in parts)
            {
                var attempt = await o.Retry.ExecuteAsync((_, ct) => StagePartAsync(conn, pipeline, source, part, o, Log, ct), cancellationToken).ConfigureAwait(false);
                attempts += attempt.Attempts - 1;
                foreach (var e in attempt.Errors) Log($"{source.Name}: part {part.Name} {e}");
                if (!attempt.Succeeded)
                {
                    return Done(Unavailable(attempt), $"part {part.Name}: {attempt.GaveUpBecause}: {attempt.LastError?.Message}");
                }
                var r = attempt.Value!;
                quarantined.AddRange(r.Quarantined);
                if (r.Report is { Verdict: not SchemaCheckVerdict.Unchanged } rep) reports.Add(rep);
                if (r.Batch is not null) batches.Add(r.Batch);
                if (r.Report is { Verdict: SchemaCheckVerdict.Incompatible } blocking) return Done(StageStatus.BlockedBySchema, blocking: blocking);
            }
            return Done(batches.Count > 0 ? StageStatus.Staged : StageStatus.NothingNew);
        }
        finally
        {
            gate.Release();
        }
    }

    private static StageStatus Unavailable<T>(RetryOutcome<T> r) =>
        r.LastError is not null && RetryPolicyIsTransient(r) ? StageStatus.SourceUnavailable : StageStatus.Failed;

    private static bool RetryPolicyIsTransient<T>(RetryOutcome<T> r) => r.GaveUpBecause?.StartsWith("still failing", StringComparison.Ordinal) == true;

    private sealed record PartResult(StagedBatch? Batch, SchemaCheckReport? Report, IReadOnlyList<QuarantinedFile> Quarantined);

    private async Task<PartResult> StagePartAsync(DuckDBConnection conn, string pipeline, ISourceConnector source, SourcePart part, StageOptions o, Action<string> log, CancellationToken ct)
    {
        string staging = StagingTableName(pipeline, source.Name);
        string batchTable = "_kit_fetch_" + Guid.NewGuid().ToString("N");
        var pending = new List<string>();
        using (var tx = conn.BeginTransaction())
        {
            var after = ReadWatermark(conn, pipeline, source.Name);
            var fetch = await source.FetchAsync(new FetchRequest(conn, batchTable, after, part.UpTo, o.MaxRows), ct).ConfigureAwait(false);
            foreach (var q in fetch.Quarantined) log($"{source.Name}: quarantined {q}");
            if (fetch.Parts.Count == 0 || !DuckDbSql.TableExists(conn, batchTable))
                return new PartResult(null, null, fetch.Quarantined); // nothing new: the transaction is rolled back on dispose
            await Checkpoint(o.Checkpoint, StagePhase.Fetched, ct).ConfigureAwait(false);

            string origin = fetch.Parts.Count == 1 ? fetch.Parts[0].Name : $"{source.Name} ({fetch.Parts.Count} parts)";
            var arriving = SchemaSnapshot.FromDuckDb(conn, batchTable, origin);
            var expected = ReadSchema(conn, pipeline, source.Name) ?? o.Expected
                ?? (DuckDbSql.TableExists(conn, staging) ? SchemaSnapshot.FromDuckDb(conn, staging, $"staged {source.Name}", excludeColumns: Bookkeeping) : null);
            SchemaCheckReport? report = null;
            if (expected is not null)
            {
                report = SchemaChecker.Compare(expected, arriving, o.SchemaChecks);
                if (report.Verdict == SchemaCheckVerdict.Incompatible)
                {
                    tx.Rollback();
                    foreach (var c in report.Incompatible) log($"{pipeline}/{source.Name}: BLOCKED {c}");
                    RecordBlock(conn, pipeline, source.Name, report, arriving);
                    return new PartResult(null, report, fetch.Quarantined);
                }
                foreach (var c in report.Changes) pending.Add(c.ToString());
            }

            long batch = DuckDbSql.Long(conn, $"SELECT nextval({SqlIdentifier.Literal(BatchSequence)})");
            Append(conn, staging, batchTable, batch, origin, report, pending);
            await Checkpoint(o.Checkpoint, StagePhase.Appended, ct).ConfigureAwait(false);

            var now = DateTime.UtcNow;
            var wm = fetch.Watermark ?? after;
            if (wm is not null) WriteWatermark(conn, pipeline, source.Name, wm, batch, now);
            DuckDbSql.Execute(conn, $"INSERT INTO {Q(Batches)} (batch, pipeline, source, part, rows, bytes, staged_at, duration_ms, watermark) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                batch, pipeline, source.Name, origin, fetch.Rows, fetch.Bytes, now, fetch.Duration.TotalMilliseconds, wm?.ToJson());
            WriteSchema(conn, pipeline, source.Name, NewExpected(conn, staging, arriving, expected), now);
            foreach (var d in pending)
                DuckDbSql.Execute(conn, $"INSERT INTO {Q(SchemaLog)} VALUES ($1, $2, $3, $4, $5)", pipeline, source.Name, now, origin, d);
            DuckDbSql.Execute(conn, $"DELETE FROM {Q(Blocks)} WHERE pipeline = $1 AND source = $2", pipeline, source.Name);
            DuckDbSql.Execute(conn, $"DROP TABLE {Q(batchTable)}");
            await Checkpoint(o.Checkpoint, StagePhase.BeforeCommit, ct).ConfigureAwait(false);
            tx.Commit();
            foreach (var d in pending) log($"{pipeline}/{source.Name}: {d}");
            await Checkpoint(o.Checkpoint, StagePhase.Committed, ct).ConfigureAwait(false);
            return new PartResult(new StagedBatch(pipeline, source.Name, batch, origin, fetch.Rows, fetch.Bytes, new DateTimeOffset(now, TimeSpan.Zero), fetch.Duration),
                report, fetch.Quarantined);
        }
    }

    /// <summary>Adapts the staging table to the (compatible) batch and appends the batch's rows by name.</summary>
    private static void Append(DuckDBConnection conn, string staging, string batchTable, long batch, string part, SchemaCheckReport? report, List<string> decisions)
    {
        var renames = report?.Changes.Where(c => c is { Kind: SchemaChangeKind.Renamed, Compatible: true, NewName: not null }).ToList() ?? [];
        foreach (var r in renames)
            DuckDbSql.Execute(conn, $"ALTER TABLE {Q(batchTable)} RENAME COLUMN {Q(r.NewName!)} TO {Q(r.Column)}");
        var arriving = DuckDbSql.Describe(conn, batchTable);
        if (!DuckDbSql.TableExists(conn, staging))
        {
            DuckDbSql.Execute(conn, $"CREATE TABLE {Q(staging)} AS SELECT *, CAST(NULL AS BIGINT) AS {Q(BatchColumn)}, CAST(NULL AS VARCHAR) AS {Q(PartColumn)} FROM {Q(batchTable)} LIMIT 0");
        }
        else
        {
            var have = DuckDbSql.Describe(conn, staging).ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
            var allNull = report?.Changes.Where(c => c.Kind == SchemaChangeKind.Narrowed).Select(c => c.Column).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var (name, type) in arriving)
            {
                if (!have.TryGetValue(name, out var staged))
                {
                    DuckDbSql.Execute(conn, $"ALTER TABLE {Q(staging)} ADD COLUMN {Q(name)} {type}");
                    continue;
                }
                if (DuckDbTypes.Normalize(staged) == DuckDbTypes.Normalize(type) || allNull.Contains(name) || DuckDbTypes.Widens(type, staged)) continue;
                // A widening, or a retype the user accepted: the staged column takes the arriving type (existing values converted).
                DuckDbSql.Execute(conn, $"ALTER TABLE {Q(staging)} ALTER COLUMN {Q(name)} TYPE {type}");
                decisions.Add($"staging column '{name}' changed from {staged} to {type}");
            }
        }
        DuckDbSql.Execute(conn, $"INSERT INTO {Q(staging)} BY NAME SELECT *, CAST($1 AS BIGINT) AS {Q(BatchColumn)}, CAST($2 AS VARCHAR) AS {Q(PartColumn)} FROM {Q(batchTable)}", batch, part);
    }

    /// <summary>The staging table's columns and types, with the freshest sample values (arriving, else previously expected).</summary>
    private static SchemaSnapshot NewExpected(DuckDBConnection conn, string staging, SchemaSnapshot arriving, SchemaSnapshot? previous)
    {
        var cols = DuckDbSql.Describe(conn, staging).Where(c => !Bookkeeping.Contains(c.Name)).Select(c =>
        {
            var a = arriving.Find(c.Name);
            var p = previous?.Find(c.Name);
            var samples = a is { SampleValues.Count: > 0 } ? a.SampleValues : p?.SampleValues ?? [];
            return new ObservedColumn(c.Name, DuckDbTypes.Normalize(c.Type), DuckDbTypes.KindOf(c.Type), (a?.Nullable ?? true) || (p?.Nullable ?? false), samples);
        }).ToArray();
        return new SchemaSnapshot($"staged {staging}", cols);
    }

    private static async Task Checkpoint(Func<StagePhase, CancellationToken, Task>? checkpoint, StagePhase phase, CancellationToken ct)
    {
        if (checkpoint is not null) await checkpoint(phase, ct).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ state

    /// <summary>The committed watermark of (pipeline, source), or null.</summary>
    public Task<Watermark?> GetWatermarkAsync(string pipeline, string source, CancellationToken cancellationToken = default)
    {
        using var conn = OpenConnection();
        return Task.FromResult(ReadWatermark(conn, pipeline, source));
    }

    /// <summary>What is staged for <paramref name="pipeline"/>.</summary>
    public Task<StageState> GetStateAsync(string pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        using var conn = OpenConnection();
        var sources = DuckDbSql.Rows(conn,
            $"SELECT source FROM {Q(Watermarks)} WHERE pipeline = $1 UNION SELECT source FROM {Q(Batches)} WHERE pipeline = $1 UNION SELECT source FROM {Q(Blocks)} WHERE pipeline = $1 ORDER BY 1",
            r => r.GetString(0), pipeline);
        var list = new List<StagedSourceState>();
        foreach (var s in sources)
        {
            var table = StagingTableName(pipeline, s);
            bool exists = DuckDbSql.TableExists(conn, table);
            long rows = exists ? DuckDbSql.Long(conn, $"SELECT count(*) FROM {Q(table)}") : 0;
            var (bytes, count, last) = DuckDbSql.Rows(conn, $"SELECT coalesce(sum(bytes), 0), count(*), max(staged_at) FROM {Q(Batches)} WHERE pipeline = $1 AND source = $2 AND NOT removed",
                r => (DuckDbSql.ToLong(r.GetValue(0)), (int)DuckDbSql.ToLong(r.GetValue(1)), r.IsDBNull(2) ? (DateTimeOffset?)null : Utc(r.GetDateTime(2))), pipeline, s)[0];
            var lastStaged = DuckDbSql.Rows(conn, $"SELECT max(staged_at) FROM {Q(Batches)} WHERE pipeline = $1 AND source = $2", r => r.IsDBNull(0) ? (DateTimeOffset?)null : Utc(r.GetDateTime(0)), pipeline, s)[0];
            long published = DuckDbSql.Long(conn, $"SELECT coalesce(max(up_to_batch), -1) FROM {Q(Publishes)} WHERE pipeline = $1 AND source = $2", pipeline, s);
            long unpublished = exists ? DuckDbSql.Long(conn, $"SELECT count(*) FROM {Q(table)} WHERE {Q(BatchColumn)} > $1", published) : 0;
            var block = ReadBlock(conn, pipeline, s);
            list.Add(new StagedSourceState(s, SqlIdentifier.Quote(table), ReadWatermark(conn, pipeline, s), rows, bytes, count, unpublished, last ?? lastStaged,
                block is null ? null : string.Join("; ", block.Incompatible.Select(c => $"{c.Origin}: column '{c.Column}' {c.Kind.ToString().ToLowerInvariant()} ({c.Description})"))));
        }
        return Task.FromResult(new StageState(pipeline, list));
    }

    /// <summary>The batches staged for (pipeline, source) that are still in the staging table, in batch order.</summary>
    public Task<IReadOnlyList<StagedBatch>> GetBatchesAsync(string pipeline, string source, CancellationToken cancellationToken = default)
    {
        using var conn = OpenConnection();
        IReadOnlyList<StagedBatch> list = DuckDbSql.Rows(conn,
            $"SELECT batch, part, rows, bytes, staged_at, duration_ms FROM {Q(Batches)} WHERE pipeline = $1 AND source = $2 AND NOT removed ORDER BY batch",
            r => new StagedBatch(pipeline, source, r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), Utc(r.GetDateTime(4)), TimeSpan.FromMilliseconds(r.GetDouble(5))),
            pipeline, source);
        return Task.FromResult(list);
    }

    /// <summary>The last accepted schema of (pipeline, source), or null before the first batch.</summary>
    public Task<SchemaSnapshot?> GetExpectedSchemaAsync(string pipeline, string source, CancellationToken cancellationToken = default)
    {
        using var conn = OpenConnection();
        return Task.FromResult(ReadSchema(conn, pipeline, source));
    }

    /// <summary>
    /// The unresolved incompatible change that blocks (pipeline, source), or null. Runs call this (or
    /// <see cref="StageState.Blocked"/>) before touching a target table.
    /// </summary>
    public Task<SchemaCheckReport?> GetBlockingReportAsync(string pipeline, string source, CancellationToken cancellationToken = default)
    {
        using var conn = OpenConnection();
        return Task.FromResult(ReadBlock(conn, pipeline, source));
    }

    /// <summary>The logged schema decisions of (pipeline, source), oldest first.</summary>
    public Task<IReadOnlyList<string>> GetSchemaDecisionsAsync(string pipeline, string source, CancellationToken cancellationToken = default)
    {
        using var conn = OpenConnection();
        IReadOnlyList<string> list = DuckDbSql.Rows(conn, $"SELECT decision FROM {Q(SchemaLog)} WHERE pipeline = $1 AND source = $2 ORDER BY logged_at, rowid", r => r.GetString(0), pipeline, source);
        return Task.FromResult(list);
    }

    /// <summary>
    /// Accepts <paramref name="accepted"/> (typically the blocking report's arriving schema, from
    /// <see cref="GetBlockedSchemaAsync"/>) as the expected schema of (pipeline, source) after the user adapted the
    /// pipeline, so that the next <see cref="StageAsync"/> proceeds; the staging table's columns follow on the next batch.
    /// Logged as a decision.
    /// </summary>
    public async Task AcceptSchemaAsync(string pipeline, string source, SchemaSnapshot accepted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var gate = Lock(pipeline, source);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var conn = OpenConnection();
            using var tx = conn.BeginTransaction();
            var now = DateTime.UtcNow;
            WriteSchema(conn, pipeline, source, accepted with { Origin = $"accepted {accepted.Origin}" }, now);
            DuckDbSql.Execute(conn, $"DELETE FROM {Q(Blocks)} WHERE pipeline = $1 AND source = $2", pipeline, source);
            DuckDbSql.Execute(conn, $"INSERT INTO {Q(SchemaLog)} VALUES ($1, $2, $3, $4, $5)", pipeline, source, now, accepted.Origin, $"schema accepted by the user: {accepted}");
            tx.Commit();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The arriving schema that blocked (pipeline, source), or null: pass it to <see cref="AcceptSchemaAsync"/> once the pipeline is adapted.</summary>
    public Task<SchemaSnapshot?> GetBlockedSchemaAsync(string pipeline, string source, CancellationToken cancellationToken = default)
    {
        using var conn = OpenConnection();
        var json = DuckDbSql.Scalar(conn, $"SELECT arriving FROM {Q(Blocks)} WHERE pipeline = $1 AND source = $2 ORDER BY blocked_at DESC LIMIT 1", pipeline, source) as string;
        return Task.FromResult(json is null ? null : SchemaSnapshot.FromJson(json));
    }

    // ------------------------------------------------------------------ publish

    /// <summary>
    /// Publishes the staged batches of (pipeline, source) not yet published to <paramref name="targetTable"/>: inserts
    /// their rows (source columns only, by name, in batch order) and records the publish mark in ONE transaction, so
    /// publishing again — also after a crash — never duplicates rows. The target is created when missing. With
    /// <see cref="PublishOptions.RemovePublished"/> (default) the published rows leave the staging table in the same
    /// transaction; turn it off when one source feeds several targets.
    /// </summary>
    /// <exception cref="SchemaIncompatibleException">The source is blocked by an incompatible schema change; the target is not touched.</exception>
    /// <exception cref="KitDataException">The staged rows do not fit the existing target (the message names the target and the error).</exception>
    public async Task<PublishResult> PublishAsync(string pipeline, string source, string targetTable, PublishOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetTable);
        var o = options ?? PublishOptions.Default;
        var sw = Stopwatch.StartNew();
        var gate = Lock(pipeline, source);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var conn = OpenConnection();
            ReadBlock(conn, pipeline, source)?.ThrowIfIncompatible();
            var staging = StagingTableName(pipeline, source);
            var decisions = new List<string>();
            using var tx = conn.BeginTransaction();
            long last = DuckDbSql.Long(conn, $"SELECT coalesce(max(up_to_batch), -1) FROM {Q(Publishes)} WHERE pipeline = $1 AND source = $2 AND target = $3", pipeline, source, targetTable);
            long upTo = DuckDbTypesLong(DuckDbSql.TableExists(conn, staging)
                ? DuckDbSql.Scalar(conn, $"SELECT max({Q(BatchColumn)}) FROM {Q(staging)} WHERE {Q(BatchColumn)} > $1", last) : null);
            string key = $"{source}:batches {last + 1}..{upTo}";
            if (upTo < 0) return new PublishResult(pipeline, targetTable, $"{source}:nothing after batch {last}", 0, false, sw.Elapsed, decisions);
            var columns = DuckDbSql.Describe(conn, staging).Where(c => !Bookkeeping.Contains(c.Name)).ToList();
            string cols = string.Join(", ", columns.Select(c => Q(c.Name)));
            string select = $"SELECT {cols} FROM {Q(staging)} WHERE {Q(BatchColumn)} > $1 AND {Q(BatchColumn)} <= $2 ORDER BY {Q(BatchColumn)}, rowid";
            long rows = WriteTarget(conn, targetTable, columns, select, [last, upTo], PublishMode.Append, o, decisions);
            await Checkpoint(o.Checkpoint, StagePhase.Published, cancellationToken).ConfigureAwait(false);
            var now = DateTime.UtcNow;
            DuckDbSql.Execute(conn, $"INSERT INTO {Q(Publishes)} VALUES ($1, $2, $3, $4, $5, $6, $7)", pipeline, targetTable, key, source, upTo, rows, now);
            if (o.RemovePublished)
            {
                DuckDbSql.Execute(conn, $"DELETE FROM {Q(staging)} WHERE {Q(BatchColumn)} <= $1", upTo);
                DuckDbSql.Execute(conn, $"UPDATE {Q(Batches)} SET removed = true WHERE pipeline = $1 AND source = $2 AND batch <= $3", pipeline, source, upTo);
            }
            await Checkpoint(o.Checkpoint, StagePhase.BeforeCommit, cancellationToken).ConfigureAwait(false);
            tx.Commit();
            await Checkpoint(o.Checkpoint, StagePhase.Committed, cancellationToken).ConfigureAwait(false);
            foreach (var d in decisions) o.Log?.Invoke(d);
            return new PublishResult(pipeline, targetTable, key, rows, false, sw.Elapsed, decisions);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Publishes any table of the store (e.g. a transformation step's output) into <paramref name="targetTable"/> in one
    /// transaction, at most once per <paramref name="publishKey"/> (e.g. the run id): a second call with the same key
    /// writes nothing and reports <see cref="PublishResult.AlreadyPublished"/>. <see cref="PublishMode.Replace"/> swaps
    /// the target's content in the same transaction (readers see the old or the new content, never a mix).
    /// </summary>
    /// <exception cref="SchemaIncompatibleException">A source of the pipeline is blocked by an incompatible schema change; the target is not touched.</exception>
    /// <exception cref="KitDataException">The source table is missing, or its rows do not fit the existing target.</exception>
    public async Task<PublishResult> PublishTableAsync(string pipeline, string sourceTable, string targetTable, string publishKey, PublishMode mode = PublishMode.Append,
        PublishOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceTable);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetTable);
        ArgumentException.ThrowIfNullOrWhiteSpace(publishKey);
        var o = options ?? PublishOptions.Default;
        var sw = Stopwatch.StartNew();
        var gate = Lock(pipeline, "\0target:" + targetTable);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var conn = OpenConnection();
            var block = DuckDbSql.Scalar(conn, $"SELECT report FROM {Q(Blocks)} WHERE pipeline = $1 ORDER BY blocked_at DESC LIMIT 1", pipeline) as string;
            if (block is not null) JsonSerializer.Deserialize<SchemaCheckReport>(block, Json)!.ThrowIfIncompatible();
            if (!DuckDbSql.TableExists(conn, sourceTable)) throw new KitDataException("table to publish not found in the staging store.", sourceTable);
            var decisions = new List<string>();
            using var tx = conn.BeginTransaction();
            if (DuckDbSql.Long(conn, $"SELECT count(*) FROM {Q(Publishes)} WHERE pipeline = $1 AND target = $2 AND publish_key = $3", pipeline, targetTable, publishKey) > 0)
                return new PublishResult(pipeline, targetTable, publishKey, 0, true, sw.Elapsed, decisions);
            var columns = DuckDbSql.Describe(conn, sourceTable).Where(c => !Bookkeeping.Contains(c.Name)).ToList();
            string select = $"SELECT {string.Join(", ", columns.Select(c => Q(c.Name)))} FROM {Q(sourceTable)}";
            long rows = WriteTarget(conn, targetTable, columns, select, [], mode, o, decisions);
            await Checkpoint(o.Checkpoint, StagePhase.Published, cancellationToken).ConfigureAwait(false);
            DuckDbSql.Execute(conn, $"INSERT INTO {Q(Publishes)} VALUES ($1, $2, $3, $4, $5, $6, $7)", pipeline, targetTable, publishKey, null, null, rows, DateTime.UtcNow);
            await Checkpoint(o.Checkpoint, StagePhase.BeforeCommit, cancellationToken).ConfigureAwait(false);
            tx.Commit();
            await Checkpoint(o.Checkpoint, StagePhase.Committed, cancellationToken).ConfigureAwait(false);
            foreach (var d in decisions) o.Log?.Invoke(d);
            return new PublishResult(pipeline, targetTable, publishKey, rows, false, sw.Elapsed, decisions);
        }
        finally
        {
            gate.Release();
        }
    }

    private static long WriteTarget(DuckDBConnection conn, string target, List<(string Name, string Type)> columns, string select, object?[] args,
        PublishMode mode, PublishOptions o, List<string> decisions)
    {
        try
        {
            if (mode == PublishMode.Replace || !DuckDbSql.TableExists(conn, target))
            {
                if (mode == PublishMode.Replace) DuckDbSql.Execute(conn, $"DROP TABLE IF EXISTS {Q(target)}");
                DuckDbSql.Execute(conn, $"CREATE TABLE {Q(target)} ({string.Join(", ", columns.Select(c => $"{Q(c.Name)} {c.Type}"))})");
            }
            else
            {
                var have = DuckDbSql.Describe(conn, target).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var (name, type) in columns.Where(c => !have.Contains(c.Name)))
                {
                    if (!o.AddMissingColumns)
                        throw new KitDataException($"the target has no column '{name}' ({type}); add it or allow PublishOptions.AddMissingColumns.", target, name);
                    DuckDbSql.Execute(conn, $"ALTER TABLE {Q(target)} ADD COLUMN {Q(name)} {type}");
                    decisions.Add($"target {target}: added column '{name}' {type} (nullable; earlier rows hold NULL)");
                }
            }
            string cols = string.Join(", ", columns.Select(c => Q(c.Name)));
            return DuckDbSql.Execute(conn, $"INSERT INTO {Q(target)} ({cols}) {select}", args);
        }
        catch (DuckDBException e)
        {
            throw new KitDataException($"the rows do not fit the target table: {e.Message}", target, inner: e);
        }
    }

    // ------------------------------------------------------------------ bookkeeping

    private static Watermark? ReadWatermark(DuckDBConnection conn, string pipeline, string source) =>
        DuckDbSql.Scalar(conn, $"SELECT watermark FROM {Q(Watermarks)} WHERE pipeline = $1 AND source = $2", pipeline, source) is string json ? Watermark.FromJson(json) : null;

    private static void WriteWatermark(DuckDBConnection conn, string pipeline, string source, Watermark wm, long batch, DateTime now)
    {
        // UPDATE-then-INSERT rather than a keyed upsert: DuckDB's index checks are eager within a transaction.
        if (DuckDbSql.Execute(conn, $"UPDATE {Q(Watermarks)} SET watermark = $3, batch = $4, updated_at = $5 WHERE pipeline = $1 AND source = $2", pipeline, source, wm.ToJson(), batch, now) == 0)
            DuckDbSql.Execute(conn, $"INSERT INTO {Q(Watermarks)} VALUES ($1, $2, $3, $4, $5)", pipeline, source, wm.ToJson(), batch, now);
    }

    private static SchemaSnapshot? ReadSchema(DuckDBConnection conn, string pipeline, string source) =>
        DuckDbSql.Scalar(conn, $"SELECT snapshot FROM {Q(Schemas)} WHERE pipeline = $1 AND source = $2", pipeline, source) is string json ? SchemaSnapshot.FromJson(json) : null;

    private static void WriteSchema(DuckDBConnection conn, string pipeline, string source, SchemaSnapshot snapshot, DateTime now)
    {
        if (DuckDbSql.Execute(conn, $"UPDATE {Q(Schemas)} SET snapshot = $3, updated_at = $4 WHERE pipeline = $1 AND source = $2", pipeline, source, snapshot.ToJson(), now) == 0)
            DuckDbSql.Execute(conn, $"INSERT INTO {Q(Schemas)} VALUES ($1, $2, $3, $4)", pipeline, source, snapshot.ToJson(), now);
    }

    private static SchemaCheckReport? ReadBlock(DuckDBConnection conn, string pipeline, string source) =>
        DuckDbSql.Scalar(conn, $"SELECT report FROM {Q(Blocks)} WHERE pipeline = $1 AND source = $2 ORDER BY blocked_at DESC LIMIT 1", pipeline, source) is string json
            ? JsonSerializer.Deserialize<SchemaCheckReport>(json, Json) : null;

    private static void RecordBlock(DuckDBConnection conn, string pipeline, string source, SchemaCheckReport report, SchemaSnapshot arriving)
    {
        using var tx = conn.BeginTransaction();
        DuckDbSql.Execute(conn, $"DELETE FROM {Q(Blocks)} WHERE pipeline = $1 AND source = $2", pipeline, source);
        DuckDbSql.Execute(conn, $"INSERT INTO {Q(Blocks)} VALUES ($1, $2, $3, $4, $5)", pipeline, source, JsonSerializer.Serialize(report, Json), arriving.ToJson(), DateTime.UtcNow);
        tx.Commit();
    }

    private static long DuckDbTypesLong(object? v) => v is null ? -1 : Convert.ToInt64(v, CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private static string Q(string name) => SqlIdentifier.Quote(name);

    private SemaphoreSlim Lock(string pipeline, string source) => _locks.GetOrAdd(pipeline + "\0" + source, _ => new SemaphoreSlim(1, 1));

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _connection.Dispose();
    }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
