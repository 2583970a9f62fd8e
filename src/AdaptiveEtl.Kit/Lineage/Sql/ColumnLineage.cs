namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>
/// Lineage of one output column of a statement (a SELECT output, or the target column of INSERT/CTAS/VIEW/MERGE/UPDATE),
/// following the definitions of lineage-bench: <see cref="Value"/> holds the base columns whose values flow into the
/// output (projection expressions incl. CASE conditions, FILTER, window PARTITION/ORDER BY, followed through CTEs,
/// derived tables, set operations and scalar subqueries); <see cref="Indirect"/> holds the base columns that decide which
/// rows or groups exist (WHERE, JOIN ON/USING, GROUP BY, HAVING, QUALIFY, DISTINCT ON, ORDER BY under LIMIT, INTERSECT/EXCEPT
/// inputs), collected in every scope the data passes through and in every joined source.
/// </summary>
public sealed class ColumnLineage
{
    internal ColumnLineage(string name, string? queryColumn, IEnumerable<ColumnRef> value, IReadOnlyDictionary<ColumnRef, DependencyKind> indirect, DependencyKind kind)
    {
        Name = name;
        QueryColumn = queryColumn;
        Value = value.Distinct().Order().ToArray();
        Indirect = indirect;
        Kind = kind;
    }

    /// <summary>Output name: the target column for writes, otherwise the SELECT output name (alias, column name, or <c>_col_N</c> by position).</summary>
    public string Name { get; }

    /// <summary>For writes, the SELECT output the target column is fed from; null for plain SELECTs.</summary>
    public string? QueryColumn { get; }

    /// <summary>Base columns whose values flow into this column, sorted.</summary>
    public IReadOnlyList<ColumnRef> Value { get; }

    /// <summary>Base columns that decide which rows/groups exist, each with the clause that introduced it.</summary>
    public IReadOnlyDictionary<ColumnRef, DependencyKind> Indirect { get; }

    /// <summary>The indirect columns, sorted.</summary>
    public IReadOnlyList<ColumnRef> IndirectColumns => Indirect.Keys.Order().ToArray();

    /// <summary>Strongest value dependency along the chain: <see cref="DependencyKind.DirectCopy"/> when the column is a plain (renamed) copy.</summary>
    public DependencyKind Kind { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ← [{string.Join(", ", Value)}] ({Kind}); indirect [{string.Join(", ", IndirectColumns)}]";
}
