namespace AdaptiveEtl.Kit.Schema;

/// <summary>One column of a <see cref="TableSchema"/>.</summary>
/// <param name="Name">Column name as in the source.</param>
/// <param name="Kind">Logical kind.</param>
/// <param name="Nullable">Whether nulls occur or are allowed.</param>
/// <param name="Sensitive">Whether the column holds personal or secret data that must be masked before modelling.</param>
public sealed record ColumnSchema(string Name, ColumnKind Kind, bool Nullable = true, bool Sensitive = false);
