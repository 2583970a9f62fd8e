using AdaptiveEtl.Kit.Lineage.Graph;
using Npgsql;

namespace AdaptiveEtl.Kit.Lineage.Store;

/// <summary>An <see cref="ILineageStore"/> in a PostgreSQL database (Npgsql), for a lineage graph shared by a team.</summary>
/// <example><code>
/// await using var store = await PostgresLineageStore.OpenAsync("Host=db;Username=etl;Database=lineage");
/// await store.SaveAsync(graph);
/// </code></example>
public sealed class PostgresLineageStore : SqlLineageStore
{
    private static readonly LineageStoreSql Sql = new("TIMESTAMPTZ", v => new NpgsqlParameter { Value = v ?? DBNull.Value },
        t => t.UtcDateTime, v => new DateTimeOffset(DateTime.SpecifyKind((DateTime)v, DateTimeKind.Utc)),
        Data.PostgresConcurrency.SchemaLockSql, Data.PostgresConcurrency.IsRetryable);

    private PostgresLineageStore(NpgsqlConnection connection) : base(connection, Sql) { }

    /// <summary>Connects and creates the tables when missing.</summary>
    public static async Task<PostgresLineageStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var store = new PostgresLineageStore(connection);
        try { await store.InitializeAsync(cancellationToken); }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }
}
