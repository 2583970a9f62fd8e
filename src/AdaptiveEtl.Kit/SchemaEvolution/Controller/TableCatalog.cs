using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// What the catalog says about one table at one moment: whether it exists, its columns with types, its indexes and its
/// row count. Two snapshots compare equal (<see cref="SameAs"/>) exactly when a change left the table as it was.
/// </summary>
/// <param name="Table">The table described.</param>
/// <param name="Exists">False when there is no such table (then the lists are empty and the count 0).</param>
/// <param name="Columns">Columns in ordinal order.</param>
/// <param name="Indexes">Indexes ordered by name.</param>
/// <param name="RowCount">Number of rows.</param>
public sealed record TableCatalog(QualifiedTable Table, bool Exists, IReadOnlyList<CatalogColumn> Columns, IReadOnlyList<CatalogIndex> Indexes, long RowCount)
{
    /// <summary>The snapshot of a table that does not exist.</summary>
    public static TableCatalog Missing(QualifiedTable table) => new(table, false, [], [], 0);

    /// <summary>The column named <paramref name="name"/> (exact, case-sensitive), or null.</summary>
    public CatalogColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>True when both snapshots have the same existence, columns (names, types, order), indexes and row count.</summary>
    public bool SameAs(TableCatalog other) =>
        Exists == other.Exists && RowCount == other.RowCount && Columns.SequenceEqual(other.Columns) && Indexes.SequenceEqual(other.Indexes);

    /// <summary>One line for logs: columns with types and index names.</summary>
    public override string ToString() => !Exists ? $"{Table}: missing"
        : $"{Table}: {RowCount} rows; columns {string.Join(", ", Columns.Select(c => c.Name + " " + c.Type))}; indexes [{string.Join(", ", Indexes.Select(i => i.Name))}]";
}
