using System.Data;
using System.Data.Common;
using System.Diagnostics;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// The part of an <see cref="ISchemaChangeStore"/> that is the same on every SQL engine: one connection (reopened when
/// the server dropped it), calls serialised on it, workload replay and the one-transaction change. The engines differ
/// only in how they read their catalog, copy tables into a shadow and estimate what-if costs.
/// </summary>
public abstract class SqlSchemaChangeStore : ISchemaChangeStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DbConnection? _connection;

    private protected SqlSchemaChangeStore(bool isShadow) { IsShadow = isShadow; }

    /// <inheritdoc />
    public abstract string Engine { get; }

    /// <inheritdoc />
    public abstract DdlDialect Dialect { get; }

    /// <inheritdoc />
    public bool IsShadow { get; }

    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    private protected abstract DbParameter Parameter(string name, object? value);

    /// <summary>First statement of a replay transaction (PostgreSQL: SET TRANSACTION READ ONLY), or null.</summary>
    private protected virtual string? ReadOnlyStatement => null;

    private protected abstract Task<TableCatalog> DescribeAsync(DbConnection connection, DbTransaction? transaction, QualifiedTable table, CancellationToken cancellationToken);

    private protected abstract Task<bool> ObjectExistsAsync(DbConnection connection, DbTransaction? transaction, QualifiedTable name, CancellationToken cancellationToken);

    private protected virtual Task<IReadOnlyList<string>> DependentViewsAsync(DbConnection connection, QualifiedTable table, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    private protected abstract Task<ISchemaChangeStore> CreateShadowAsync(DbConnection connection, IReadOnlyCollection<QualifiedTable> tables, ShadowOptions options, CancellationToken cancellationToken);

    private protected virtual Task<WhatIfResult> WhatIfIndexAsync(DbConnection connection, string createIndexStatement, IReadOnlyList<WorkloadQuery> workload, CancellationToken cancellationToken) =>
        Task.FromResult(WhatIfResult.Unavailable($"{Engine} has no hypothetical indexes (HypoPG is a PostgreSQL extension)."));

    private protected abstract ValueTask DisposeShadowAsync();

    /// <summary>Runs <paramref name="work"/> on the (re)opened connection, one call at a time.</summary>
    private protected async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is null || _connection.State != ConnectionState.Open)
            {
                if (_connection is not null) await _connection.DisposeAsync();
                _connection = null;
                _connection = await OpenConnectionAsync(cancellationToken);
            }
            return await work(_connection);
        }
        finally { _gate.Release(); }
    }

    private protected DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        foreach (var (n, v) in parameters) cmd.Parameters.Add(Parameter(n, v));
        return cmd;
    }

    /// <inheritdoc />
    public Task<TableCatalog> DescribeAsync(QualifiedTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return WithConnectionAsync(c => DescribeAsync(c, null, table, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> ObjectExistsAsync(QualifiedTable name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return WithConnectionAsync(c => ObjectExistsAsync(c, null, name, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> DependentViewsAsync(QualifiedTable table, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        return WithConnectionAsync(c => DependentViewsAsync(c, table, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ISchemaChangeStore> CreateShadowAsync(IReadOnlyCollection<QualifiedTable> tables, ShadowOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (tables.Count == 0) throw new ArgumentException("a shadow needs at least one table", nameof(tables));
        return WithConnectionAsync(c => CreateShadowAsync(c, tables, options, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<WhatIfResult> WhatIfIndexAsync(string createIndexStatement, IReadOnlyList<WorkloadQuery> workload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(createIndexStatement);
        ArgumentNullException.ThrowIfNull(workload);
        return WithConnectionAsync(c => WhatIfIndexAsync(c, createIndexStatement, workload, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task<WorkloadTiming> ReplayAsync(IReadOnlyList<WorkloadQuery> workload, ReplayOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        foreach (var q in workload)
            if (string.IsNullOrWhiteSpace(q.Sql) || !(q.Frequency > 0))
                throw new KitDataException($"workload family '{q.Family}' needs an SQL text and a frequency > 0 (got {q.Frequency}).", "workload");
        return WithConnectionAsync(async c =>
        {
            var timings = new List<QueryTiming>(workload.Count);
            await using var tx = await c.BeginTransactionAsync(cancellationToken);
            if (ReadOnlyStatement is { } ro) { await using var cmd = Command(c, tx, ro); await cmd.ExecuteNonQueryAsync(cancellationToken); }
            foreach (var q in workload)
            {
                var runs = new List<double>(options.Repeats);
                for (int i = 0; i < options.WarmUpRuns + options.Repeats; i++)
                {
                    var sw = Stopwatch.StartNew();
                    try
                    {
                        await using var cmd = Command(c, tx, q.Sql);
                        cmd.CommandTimeout = options.TimeoutSeconds;
                        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
                        do { while (await reader.ReadAsync(cancellationToken)) { } } while (await reader.NextResultAsync(cancellationToken));
                    }
                    catch (DbException e)
                    {
                        throw new KitDataException($"workload family '{q.Family}' failed on {Engine}{(IsShadow ? " (shadow)" : "")}: {e.Message}", "workload", inner: e);
                    }
                    sw.Stop();
                    if (i >= options.WarmUpRuns) runs.Add(sw.Elapsed.TotalMilliseconds);
                }
                timings.Add(new QueryTiming(q, Median(runs), runs));
            }
            await tx.RollbackAsync(cancellationToken); // a replay never changes the store
            return new WorkloadTiming(timings);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task ExecuteChangeAsync(IReadOnlyList<string> statements, Func<IPendingChange, CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        return WithConnectionAsync<bool>(async c =>
        {
            var tx = await c.BeginTransactionAsync(cancellationToken);
            try
            {
                foreach (var s in statements)
                {
                    await using var cmd = Command(c, tx, s);
                    cmd.CommandTimeout = 0;
                    await cmd.ExecuteNonQueryAsync(cancellationToken);
                }
                if (beforeCommit is not null) await beforeCommit(new Pending(this, c, tx), cancellationToken);
                await tx.CommitAsync(cancellationToken);
                return true;
            }
            catch
            {
                // When the server dropped the connection it has already rolled the transaction back; otherwise roll back here.
                try { if (c.State == ConnectionState.Open) await tx.RollbackAsync(CancellationToken.None); }
                catch (Exception) { /* the connection broke during the rollback: the server discards the transaction */ }
                throw;
            }
            finally { await tx.DisposeAsync(); }
        }, cancellationToken);
    }

    private static double Median(List<double> values)
    {
        var s = values.OrderBy(v => v).ToList();
        int n = s.Count;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
        if (IsShadow) await DisposeShadowAsync();
        _gate.Dispose();
    }

    private sealed class Pending(SqlSchemaChangeStore store, DbConnection connection, DbTransaction transaction) : IPendingChange
    {
        public Task<TableCatalog> DescribeAsync(QualifiedTable table, CancellationToken cancellationToken = default) =>
            store.DescribeAsync(connection, transaction, table, cancellationToken);

        public Task<bool> ObjectExistsAsync(QualifiedTable name, CancellationToken cancellationToken = default) =>
            store.ObjectExistsAsync(connection, transaction, name, cancellationToken);
    }
}
