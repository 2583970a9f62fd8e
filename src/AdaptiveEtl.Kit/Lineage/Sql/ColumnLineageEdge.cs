namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>One column-level dependency found in a statement: <paramref name="Source"/> feeds <paramref name="Target"/>.</summary>
/// <param name="Source">Upstream base column.</param>
/// <param name="Target">Written column (for SELECT statements the target table is <see cref="StatementLineage.QueryTable"/>).</param>
/// <param name="Kind">How the target depends on the source.</param>
public readonly record struct ColumnLineageEdge(ColumnRef Source, ColumnRef Target, DependencyKind Kind);
