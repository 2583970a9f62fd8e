using AdaptiveEtl.Kit.Lineage.Graph;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Lineage.Store;

/// <summary>The embedded default <see cref="ILineageStore"/>: a DuckDB database file (or <c>:memory:</c>).</summary>
/// <example><code>
/// await using var store = await DuckDbLineageStore.OpenAsync("work/lineage.duckdb");
/// await store.SaveAsync(graph);
/// var impact = await store.DownstreamAsync(LineageNode.ColumnId(ColumnRef.Parse("staging.orders.amount")), 3);
/// </code></example>
public sealed class DuckDbLineageStore : SqlLineageStore
{
    private static readonly LineageStoreSql Sql = new("TIMESTAMP", v => new DuckDBParameter { Value = v ?? DBNull.Value },
        t => t.UtcDateTime, v => new DateTimeOffset(DateTime.SpecifyKind((DateTime)v, DateTimeKind.Utc)));

    private DuckDbLineageStore(DuckDBConnection connection, string path) : base(connection, Sql) { Path = path; }

    /// <summary>The database file (or <c>:memory:</c>).</summary>
    public string Path { get; }

    /// <summary>Opens (creating when missing, with its folder) the database at <paramref name="path"/> and creates the tables.</summary>
    /// <exception cref="KitDataException">The file cannot be opened as a DuckDB database, or another process holds its lock (the message names it).</exception>
    public static async Task<DuckDbLineageStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path != ":memory:")
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        var connection = new DuckDBConnection("DataSource=" + path);
        try { await connection.OpenAsync(cancellationToken); }
        catch (DuckDBException e)
        {
            await connection.DisposeAsync();
            if (Data.DuckDbFileLock.IsLockConflict(e)) throw Data.DuckDbFileLock.Error(e, path, "lineage store");
            throw new KitDataException("cannot open the lineage store as a DuckDB database: " + e.Message, path, inner: e);
        }
        var store = new DuckDbLineageStore(connection, path);
        await store.InitializeAsync(cancellationToken);
        return store;
    }
}
