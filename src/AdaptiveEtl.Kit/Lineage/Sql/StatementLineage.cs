namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>Column- and table-level lineage of one SQL statement, produced by <see cref="SqlLineageParser"/>.</summary>
public sealed class StatementLineage
{
    /// <summary>Pseudo table name used as the target of the output columns of a plain SELECT in <see cref="Edges"/>.</summary>
    public const string QueryTable = "(query)";

    internal StatementLineage(int index, string sql, StatementKind kind, string? target, IEnumerable<string> reads,
        IReadOnlyList<ColumnLineage> columns, IReadOnlyDictionary<ColumnRef, DependencyKind> rowFilter, IReadOnlyList<string> warnings,
        LineageLevel level = LineageLevel.Column)
    {
        Level = level;
        Index = index;
        Sql = sql;
        Kind = kind;
        Target = target;
        Reads = reads.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        Columns = columns;
        RowFilter = rowFilter;
        Warnings = warnings;
    }

    /// <summary>The same lineage for another occurrence of the statement (a repeated log entry).</summary>
    internal StatementLineage WithIndex(int index) => index == Index ? this : new StatementLineage(index, Sql, Kind, Target, Reads, Columns, RowFilter, Warnings, Level);

    /// <summary>Zero-based index of the statement in its log or script.</summary>
    public int Index { get; }

    /// <summary>The statement text.</summary>
    public string Sql { get; }

    /// <summary>
    /// How much lineage the statement got: <see cref="LineageLevel.Column"/> when DuckDB's parser accepted it,
    /// <see cref="LineageLevel.Table"/> when only its reads and writes could be taken from the tokenizer.
    /// </summary>
    public LineageLevel Level { get; }

    /// <summary>What kind of statement it is.</summary>
    public StatementKind Kind { get; }

    /// <summary>The written table or view (null for a plain SELECT).</summary>
    public string? Target { get; }

    /// <summary>Base tables read (CTE names are not tables), sorted. For UPDATE/MERGE/DELETE the target is read too.</summary>
    public IReadOnlyList<string> Reads { get; }

    /// <summary>Tables written: the target, or nothing for a SELECT.</summary>
    public IReadOnlyList<string> Writes => Target is null ? Array.Empty<string>() : new[] { Target };

    /// <summary>Output columns in order (target columns for writes).</summary>
    public IReadOnlyList<ColumnLineage> Columns { get; }

    /// <summary>Columns deciding which rows the statement touches as a whole (e.g. DELETE's WHERE/USING), with the clause kind.</summary>
    public IReadOnlyDictionary<ColumnRef, DependencyKind> RowFilter { get; }

    /// <summary>Resolution warnings (unknown tables, ambiguous columns, <c>*</c> that could not be expanded).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Every base column the statement reads, in any role, sorted.</summary>
    public IReadOnlyList<ColumnRef> ReadColumns =>
        Columns.SelectMany(c => c.Value.Concat(c.Indirect.Keys)).Concat(RowFilter.Keys).Distinct().Order().ToArray();

    /// <summary>
    /// Column-level edges source → target: one per value source (kind = the column's value kind) and one per indirect
    /// source (kind = the clause); a column that is both (e.g. a GROUP BY key that is also projected) gets both edges, so
    /// it keeps both roles. For DELETE, the row filter columns point at every target column named in the
    /// statement's <see cref="Columns"/> (none) — use <see cref="RowFilter"/> with <see cref="Target"/> instead.
    /// </summary>
    public IReadOnlyList<ColumnLineageEdge> Edges
    {
        get
        {
            var table = Target ?? QueryTable;
            var edges = new List<ColumnLineageEdge>();
            foreach (var col in Columns)
            {
                var target = new ColumnRef(table, col.Name);
                foreach (var v in col.Value) edges.Add(new ColumnLineageEdge(v, target, col.Kind));
                foreach (var (src, kind) in col.Indirect.OrderBy(p => p.Key)) edges.Add(new ColumnLineageEdge(src, target, kind));
            }
            return edges;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"#{Index} {Kind}{(Target is null ? "" : " → " + Target)}: reads {string.Join(", ", Reads)}; {Columns.Count} columns";
}
