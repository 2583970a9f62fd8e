using AdaptiveEtl.Kit.Lineage.Graph;
using Npgsql;

namespace AdaptiveEtl.Kit.Lineage.Store;

/// <summary>An <see cref="ILineageStore"/> in a PostgreSQL database (Npgsql), for a lineage graph shared by a team.</summary>
/// <example><code>
/// await using var store = await PostgresLineageStore.OpenAsync("Host=db;Username=etl;Database=lineage");
/// await store.SaveAsync(graph);
/// </code></example>
public sealed class PostgresLineageStore : ILineageStore
{
    private static readonly LineageStoreSql Sql = new("TIMESTAMPTZ", v => new NpgsqlParameter { Value = v ?? DBNull.Value },
        t => t.UtcDateTime, v => new DateTimeOffset(DateTime.SpecifyKind((DateTime)v, DateTimeKind.Utc)));
    private readonly NpgsqlConnection _connection;

    private PostgresLineageStore(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Connects and creates the tables when missing.</summary>
    public static async Task<PostgresLineageStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var store = new PostgresLineageStore(connection);
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Sql.InitializeAsync(_connection, cancellationToken);

    /// <inheritdoc />
    public Task SaveAsync(LineageGraph batch, CancellationToken cancellationToken = default) => Sql.SaveAsync(_connection, batch, cancellationToken);

    /// <inheritdoc />
    public Task ReplaceAsync(LineageGraph graph, CancellationToken cancellationToken = default) => Sql.SaveAsync(_connection, graph, cancellationToken, replace: true);

    /// <inheritdoc />
    public Task<LineageGraph> LoadAsync(CancellationToken cancellationToken = default) => Sql.LoadAsync(_connection, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ImpactHit>> DownstreamAsync(string nodeId, int maxDepth, CancellationToken cancellationToken = default) =>
        Sql.WalkAsync(_connection, nodeId, maxDepth, downstream: true, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ImpactHit>> UpstreamAsync(string nodeId, int maxDepth, CancellationToken cancellationToken = default) =>
        Sql.WalkAsync(_connection, nodeId, maxDepth, downstream: false, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
