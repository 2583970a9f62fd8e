namespace AdaptiveEtl.Kit.Lineage.Graph;

/// <summary>
/// Relationship types of the lineage graph. Every edge points the way data flows: <see cref="LineageEdge.Source"/> is
/// upstream of <see cref="LineageEdge.Target"/>.
/// </summary>
public enum LineageEdgeKind
{
    /// <summary>A dataset or column is read by a process (dataset/column → process).</summary>
    Uses,
    /// <summary>A process writes a dataset (process → dataset), or a column's values flow into another column (column → column; detail = <see cref="DependencyKind"/>).</summary>
    Transforms,
    /// <summary>A column decides which rows of another column exist (filter, join/group key; column → column; detail = <see cref="DependencyKind"/>).</summary>
    DependsOn,
    /// <summary>A process's results are consumed by a user or application (process → consumer).</summary>
    ConsumedBy,
    /// <summary>A dataset has a column (dataset → column). Structural: not followed by impact traversals.</summary>
    HasColumn,
}
