namespace AdaptiveEtl.Kit.Lineage.Graph;

/// <summary>An edge of the lineage graph (upstream <paramref name="Source"/> → downstream <paramref name="Target"/>), with first/last seen and count.</summary>
/// <param name="Source">Upstream node id.</param>
/// <param name="Target">Downstream node id.</param>
/// <param name="Kind">Relationship type.</param>
/// <param name="Detail">Refinement, e.g. the <see cref="DependencyKind"/> of a column edge; empty when none.</param>
/// <param name="FirstSeen">First observation (UTC).</param>
/// <param name="LastSeen">Last observation (UTC).</param>
/// <param name="Count">Number of observations (statement executions, pipeline runs).</param>
public sealed record LineageEdge(string Source, string Target, LineageEdgeKind Kind, string Detail, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, long Count)
{
    /// <summary>The identity of an edge: two observations with the same key are merged.</summary>
    public (string Source, string Target, LineageEdgeKind Kind, string Detail) Key => (Source, Target, Kind, Detail);
}
