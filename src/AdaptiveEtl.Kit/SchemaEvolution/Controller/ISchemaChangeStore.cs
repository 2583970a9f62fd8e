using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// A data store the controller measures and changes: PostgreSQL (<see cref="PostgresSchemaChangeStore"/>) or DuckDB
/// (<see cref="DuckDbSchemaChangeStore"/>). It describes tables, replays a workload (read-only: inside a transaction that
/// is rolled back, on PostgreSQL also READ ONLY), builds a shadow copy of tables that is itself a store, estimates
/// hypothetical-index costs where the engine can, and runs a change as ONE transaction with a check before commit.
/// </summary>
public interface ISchemaChangeStore : IAsyncDisposable
{
    /// <summary>"PostgreSQL" or "DuckDB".</summary>
    string Engine { get; }

    /// <summary>The dialect DDL is rendered in for this store.</summary>
    DdlDialect Dialect { get; }

    /// <summary>True for a shadow copy made by <see cref="CreateShadowAsync"/> (dropped when disposed).</summary>
    bool IsShadow { get; }

    /// <summary>Describes a table (columns, types, indexes, row count), or reports it missing.</summary>
    Task<TableCatalog> DescribeAsync(QualifiedTable table, CancellationToken cancellationToken = default);

    /// <summary>True when a relation (table, view, materialised view or index) of that name exists.</summary>
    Task<bool> ObjectExistsAsync(QualifiedTable name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Views and materialised views bound to <paramref name="table"/> itself (PostgreSQL binds them to the table, so a
    /// copy-and-swap would leave them reading the old copy); empty on DuckDB, whose views bind by name.
    /// </summary>
    Task<IReadOnlyList<string>> DependentViewsAsync(QualifiedTable table, CancellationToken cancellationToken = default);

    /// <summary>Replays the workload: each family warmed up, then timed <see cref="ReplayOptions.Repeats"/> times (median). Changes nothing.</summary>
    Task<WorkloadTiming> ReplayAsync(IReadOnlyList<WorkloadQuery> workload, ReplayOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies <paramref name="tables"/> (structure, rows — all or a seeded sample — and indexes) into a separate database
    /// with the same schema and table names, so the workload runs there unchanged. Disposing the shadow drops it.
    /// </summary>
    Task<ISchemaChangeStore> CreateShadowAsync(IReadOnlyCollection<QualifiedTable> tables, ShadowOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Plan costs of the workload without and with the hypothetical index <paramref name="createIndexStatement"/>
    /// (HypoPG on PostgreSQL); <see cref="WhatIfResult.Unavailable"/> where the engine or server has no what-if.
    /// </summary>
    Task<WhatIfResult> WhatIfIndexAsync(string createIndexStatement, IReadOnlyList<WorkloadQuery> workload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="statements"/> in ONE transaction, then <paramref name="beforeCommit"/> (verification, window
    /// check); commits only when it returns. Any failure — a statement, the check, a dropped connection, cancellation —
    /// rolls back, so the store is exactly as before, and is rethrown.
    /// </summary>
    Task ExecuteChangeAsync(IReadOnlyList<string> statements, Func<IPendingChange, CancellationToken, Task>? beforeCommit, CancellationToken cancellationToken = default);
}
