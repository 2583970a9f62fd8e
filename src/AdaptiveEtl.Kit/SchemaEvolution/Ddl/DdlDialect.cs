namespace AdaptiveEtl.Kit.SchemaEvolution.Ddl;

/// <summary>The SQL engine a <see cref="SchemaChangeDdl"/> is rendered for.</summary>
public enum DdlDialect
{
    /// <summary>PostgreSQL (transactional DDL: a change commits or rolls back whole).</summary>
    PostgreSql,
    /// <summary>DuckDB (table rewrites are done as copy-and-swap inside one transaction).</summary>
    DuckDb,
}
