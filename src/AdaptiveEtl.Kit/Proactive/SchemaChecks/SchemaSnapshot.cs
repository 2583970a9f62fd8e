using AdaptiveEtl.Kit.Schema;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>
/// The schema of staged or arriving data with a sample of each column's values: what <see cref="SchemaChecker"/>
/// compares. Taken from a DuckDB table (<see cref="FromDuckDb"/>) or made from a declared <see cref="TableSchema"/>.
/// </summary>
/// <param name="Origin">Where it was observed: a file name, a table, or "expected".</param>
/// <param name="Columns">Columns in order.</param>
public sealed record SchemaSnapshot(string Origin, IReadOnlyList<ObservedColumn> Columns)
{
    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public ObservedColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The kit's schema model of this snapshot.</summary>
    public TableSchema ToTableSchema() => new(Origin, Columns.Select(c => new ColumnSchema(c.Name, c.Kind, c.Nullable)));

    /// <summary>A snapshot of a declared schema (storage types from the kinds; no sample values).</summary>
    public static SchemaSnapshot FromTableSchema(TableSchema schema, string? origin = null) => throw new NotImplementedException();

    /// <summary>
    /// Observes a table of an open DuckDB connection: column names and types from the catalog, nullability and up to
    /// <paramref name="sampleSize"/> distinct values per column from the data. <paramref name="excludeColumns"/> are skipped
    /// (e.g. the staging store's bookkeeping columns).
    /// </summary>
    /// <exception cref="KitDataException">The table does not exist.</exception>
    public static SchemaSnapshot FromDuckDb(DuckDBConnection connection, string table, string origin, int sampleSize = 200, IReadOnlyCollection<string>? excludeColumns = null) => throw new NotImplementedException();

    /// <summary>Serialises the snapshot (stored by the staging store as the expected schema).</summary>
    public string ToJson() => throw new NotImplementedException();

    /// <summary>Parses <see cref="ToJson"/> output.</summary>
    public static SchemaSnapshot FromJson(string json) => throw new NotImplementedException();

    /// <inheritdoc />
    public override string ToString() => $"{Origin}({string.Join(", ", Columns)})";
}
