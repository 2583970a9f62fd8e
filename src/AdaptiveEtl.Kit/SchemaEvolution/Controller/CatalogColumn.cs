namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>A column as the engine's catalog reports it.</summary>
/// <param name="Name">Column name, exactly as stored.</param>
/// <param name="Type">The engine's type text (PostgreSQL <c>format_type</c>, DuckDB <c>data_type</c>), e.g. <c>character varying(24)</c>.</param>
public sealed record CatalogColumn(string Name, string Type);
