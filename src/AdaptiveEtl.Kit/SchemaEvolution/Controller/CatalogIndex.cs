namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>An index as the engine's catalog reports it.</summary>
/// <param name="Name">Index name.</param>
/// <param name="Definition">Its DDL (PostgreSQL <c>pg_indexes.indexdef</c>, DuckDB <c>duckdb_indexes().sql</c>).</param>
public sealed record CatalogIndex(string Name, string Definition);
