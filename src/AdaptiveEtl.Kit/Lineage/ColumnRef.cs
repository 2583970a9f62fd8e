namespace AdaptiveEtl.Kit.Lineage;

/// <summary>
/// A column of a base table, written <c>table.column</c> (the table possibly schema-qualified, e.g. <c>staging.orders.amount</c>).
/// Names are exact (see <see cref="LineageNames"/>): an unquoted name is kept in lower case, as PostgreSQL folds it; a
/// quoted one keeps its case (<c>"Users"."Order ID"</c> is <c>Users</c>, <c>Order ID</c>). Comparison is ordinal.
/// </summary>
/// <param name="Table">Table name, possibly schema-qualified (<c>staging.orders</c>).</param>
/// <param name="Column">Column name.</param>
public readonly record struct ColumnRef(string Table, string Column) : IComparable<ColumnRef>
{
    /// <summary>
    /// Parses <c>table.column</c> or <c>schema.table.column</c> (the last dot separates the column), folding names as
    /// SQL does (<see cref="LineageNames.Fold"/>): unquoted parts to lower case, quoted parts kept exactly. A column
    /// name that holds a dot, a double quote or an upper-case letter is written quoted, as <see cref="ToString"/>
    /// writes it (<c>app.metrics."a.b"</c>, <c>public."Users"."Order ID"</c>, inner quotes doubled), and is never split
    /// into a table part.
    /// </summary>
    /// <exception cref="KitDataException">The text has no dot, or a quoted column is not closed.</exception>
    public static ColumnRef Parse(string qualified)
    {
        ArgumentNullException.ThrowIfNull(qualified);
        if (qualified.EndsWith('"'))
        {
            int open = QuotedColumnStart(qualified);
            if (open <= 1 || qualified[open - 1] != '.')
                throw new KitDataException($"'{qualified}' is not a column reference; expected 'table.\"column\"' with the quoted column after the last dot.");
            return new ColumnRef(LineageNames.Fold(qualified[..(open - 1)]), qualified[(open + 1)..^1].Replace("\"\"", "\""));
        }
        int dot = qualified.LastIndexOf('.');
        if (dot <= 0 || dot == qualified.Length - 1)
            throw new KitDataException($"'{qualified}' is not a column reference; expected 'table.column' or 'schema.table.column'.");
        return new ColumnRef(LineageNames.Fold(qualified[..dot]), qualified[(dot + 1)..].ToLowerInvariant());
    }

    /// <summary>Index of the quote opening the trailing quoted column of <paramref name="text"/> (which ends with a quote), or -1.</summary>
    private static int QuotedColumnStart(string text)
    {
        int i = text.Length - 2;
        while (i >= 0)
        {
            if (text[i] != '"') { i--; continue; }
            if (i > 0 && text[i - 1] == '"') { i -= 2; continue; } // a doubled quote inside the name
            return i;
        }
        return -1;
    }

    /// <inheritdoc />
    public int CompareTo(ColumnRef other)
    {
        int c = string.CompareOrdinal(Table, other.Table);
        return c != 0 ? c : string.CompareOrdinal(Column, other.Column);
    }

    /// <summary>
    /// <c>table.column</c>; a name part holding a dot, a double quote or an upper-case letter is quoted
    /// (<c>app.metrics."a.b"</c>, <c>public."Users".id</c>) so that the text — and the graph's column node id built from
    /// it — never reads as another table's column and parses back to this column. All-lower-case names are written bare.
    /// </summary>
    public override string ToString() => LineageNames.WriteQualified(Table) + "." + LineageNames.Write(Column);
}
