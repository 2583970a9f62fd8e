namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>The data store a <see cref="SchemaChangeScript"/> is rendered for.</summary>
public enum SqlEngine
{
    /// <summary>PostgreSQL (15+): transactional DDL, declarative partitioning, materialised views, <c>CLUSTER</c>.</summary>
    PostgreSql,
    /// <summary>DuckDB: no declarative partitioning or materialised views; ordering is done by a copy-and-swap rewrite.</summary>
    DuckDb,
}
