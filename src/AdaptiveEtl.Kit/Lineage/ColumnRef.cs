namespace AdaptiveEtl.Kit.Lineage;

/// <summary>
/// A column of a base table, written <c>table.column</c> (the table possibly schema-qualified, e.g. <c>staging.orders.amount</c>).
/// Names are compared case-insensitively and kept in lower case, like unquoted SQL identifiers in PostgreSQL and DuckDB.
/// </summary>
/// <param name="Table">Table name, possibly schema-qualified (<c>staging.orders</c>).</param>
/// <param name="Column">Column name.</param>
public readonly record struct ColumnRef(string Table, string Column) : IComparable<ColumnRef>
{
    /// <summary>Parses <c>table.column</c> or <c>schema.table.column</c> (the last dot separates the column).</summary>
    /// <exception cref="KitDataException">The text has no dot.</exception>
    public static ColumnRef Parse(string qualified)
    {
        ArgumentNullException.ThrowIfNull(qualified);
        int dot = qualified.LastIndexOf('.');
        if (dot <= 0 || dot == qualified.Length - 1)
            throw new KitDataException($"'{qualified}' is not a column reference; expected 'table.column' or 'schema.table.column'.");
        return new ColumnRef(qualified[..dot].ToLowerInvariant(), qualified[(dot + 1)..].ToLowerInvariant());
    }

    /// <inheritdoc />
    public int CompareTo(ColumnRef other)
    {
        int c = string.CompareOrdinal(Table, other.Table);
        return c != 0 ? c : string.CompareOrdinal(Column, other.Column);
    }

    /// <summary><c>table.column</c>.</summary>
    public override string ToString() => Table + "." + Column;
}
