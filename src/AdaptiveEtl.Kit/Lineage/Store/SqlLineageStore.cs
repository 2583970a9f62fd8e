using System.Data.Common;
using AdaptiveEtl.Kit.Lineage.Graph;

namespace AdaptiveEtl.Kit.Lineage.Store;

/// <summary>
/// The part of an <see cref="ILineageStore"/> that is the same on every SQL engine: one open connection and the shared,
/// dialect-parameterised statements (tables, merge, load, recursive impact walk). <see cref="DuckDbLineageStore"/> and
/// <see cref="PostgresLineageStore"/> only open their connection and name their dialect.
/// </summary>
public abstract class SqlLineageStore : ILineageStore
{
    private readonly DbConnection _connection;
    private readonly LineageStoreSql _sql;

    private protected SqlLineageStore(DbConnection connection, LineageStoreSql sql)
    {
        _connection = connection;
        _sql = sql;
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _sql.InitializeAsync(_connection, cancellationToken);

    /// <inheritdoc />
    public Task SaveAsync(LineageGraph batch, CancellationToken cancellationToken = default) => _sql.SaveAsync(_connection, batch, cancellationToken);

    /// <inheritdoc />
    public Task ReplaceAsync(LineageGraph graph, CancellationToken cancellationToken = default) => _sql.SaveAsync(_connection, graph, cancellationToken, replace: true);

    /// <inheritdoc />
    public Task<LineageGraph> LoadAsync(CancellationToken cancellationToken = default) => _sql.LoadAsync(_connection, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ImpactHit>> DownstreamAsync(string nodeId, int maxDepth, CancellationToken cancellationToken = default) =>
        _sql.WalkAsync(_connection, nodeId, maxDepth, downstream: true, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ImpactHit>> UpstreamAsync(string nodeId, int maxDepth, CancellationToken cancellationToken = default) =>
        _sql.WalkAsync(_connection, nodeId, maxDepth, downstream: false, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _connection.DisposeAsync();
    }
}
