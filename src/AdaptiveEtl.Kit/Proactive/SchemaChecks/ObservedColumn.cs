using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>One column as observed in staged or arriving data.</summary>
/// <param name="Name">Column name.</param>
/// <param name="StorageType">DuckDB type name, e.g. <c>BIGINT</c>, <c>DOUBLE</c>, <c>VARCHAR</c>, <c>TIMESTAMP WITH TIME ZONE</c>.</param>
/// <param name="Kind">Logical kind.</param>
/// <param name="Nullable">Whether nulls occur (or are allowed).</param>
/// <param name="SampleValues">Distinct values seen (text form, a bounded sample); used to recognise renames by value overlap.</param>
public sealed record ObservedColumn(string Name, string StorageType, ColumnKind Kind, bool Nullable, IReadOnlyList<string> SampleValues)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} {StorageType}{(Nullable ? "" : " NOT NULL")}";
}
