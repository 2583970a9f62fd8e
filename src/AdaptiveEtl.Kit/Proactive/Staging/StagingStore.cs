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

    private StagingStore(string path) => throw new NotImplementedException();

    /// <summary>Opens (creating if needed) a store: a DuckDB file path, or <c>":memory:"</c>.</summary>
    public static StagingStore Open(string path) => new(path);

    /// <summary>Opens the store <c>staging.duckdb</c> inside a work folder (created when missing).</summary>
    public static StagingStore OpenInWorkFolder(string workFolder) => Open(System.IO.Path.Combine(workFolder, "staging.duckdb"));

    /// <summary>The database path, or <c>":memory:"</c>.</summary>
    public string DatabasePath { get; } = "";

    /// <summary>
    /// The store's connection, for reading staged tables and running transformation SQL on them. Do not use it while
    /// another store call is running on another thread; prefer <see cref="OpenConnection"/> for parallel work.
    /// </summary>
    public DuckDBConnection Connection => throw new NotImplementedException();

    /// <summary>A new connection to the same database (same in-memory database too); the caller disposes it.</summary>
    public DuckDBConnection OpenConnection() => throw new NotImplementedException();

    /// <summary>The staging table of (pipeline, source), unquoted.</summary>
    public static string StagingTableName(string pipeline, string source) => $"stage__{pipeline}__{source}";

    /// <summary>
    /// Stages what is new in <paramref name="source"/> for <paramref name="pipeline"/>: fetches part by part (file by
    /// file) after the committed watermark, checks each part's schema against the expected one (compatible changes adapt
    /// the staging table with a logged decision; the first incompatible part stops staging with a report naming file,
    /// column and change), appends the rows and advances the watermark in one transaction. A source that is down is
    /// retried with the options' backoff. Never throws for source or data problems: see <see cref="StageOutcome.Status"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (the transaction is rolled back).</exception>
    public Task<StageOutcome> StageAsync(string pipeline, ISourceConnector source, StageOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The committed watermark of (pipeline, source), or null.</summary>
    public Task<Watermark?> GetWatermarkAsync(string pipeline, string source, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>What is staged for <paramref name="pipeline"/>.</summary>
    public Task<StageState> GetStateAsync(string pipeline, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The batches staged for (pipeline, source) that are still in the staging table, in batch order.</summary>
    public Task<IReadOnlyList<StagedBatch>> GetBatchesAsync(string pipeline, string source, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The last accepted schema of (pipeline, source), or null before the first batch.</summary>
    public Task<SchemaSnapshot?> GetExpectedSchemaAsync(string pipeline, string source, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>
    /// The unresolved incompatible change that blocks (pipeline, source), or null. Runs call this (or
    /// <see cref="StageState.Blocked"/>) before touching a target table.
    /// </summary>
    public Task<SchemaCheckReport?> GetBlockingReportAsync(string pipeline, string source, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>
    /// Accepts the arriving schema that blocked (pipeline, source) as the new expected schema (after the user adapted the
    /// pipeline), so that the next <see cref="StageAsync"/> proceeds. Logged as a decision.
    /// </summary>
    public Task AcceptSchemaAsync(string pipeline, string source, SchemaSnapshot accepted, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>
    /// Publishes the staged batches of (pipeline, source) not yet published to <paramref name="targetTable"/>: inserts
    /// their rows (source columns only, by name) and records the publish mark in ONE transaction, so publishing again —
    /// also after a crash — never duplicates rows. The target is created when missing.
    /// </summary>
    /// <exception cref="SchemaIncompatibleException">The source is blocked by an incompatible schema change; the target is not touched.</exception>
    public Task<PublishResult> PublishAsync(string pipeline, string source, string targetTable, PublishOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>
    /// Publishes any table of the store (e.g. a transformation step's output) into <paramref name="targetTable"/> in one
    /// transaction, at most once per <paramref name="publishKey"/> (e.g. the run id): a second call with the same key
    /// writes nothing and reports <see cref="PublishResult.AlreadyPublished"/>.
    /// </summary>
    public Task<PublishResult> PublishTableAsync(string pipeline, string sourceTable, string targetTable, string publishKey, PublishMode mode = PublishMode.Append,
        PublishOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Closes the connection.</summary>
    public void Dispose() { }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
