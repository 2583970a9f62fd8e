namespace AdaptiveEtl.Kit.Lineage.Graph;

/// <summary>
/// Which process produced a column → column edge: the edge keyed by (<paramref name="Source"/>, <paramref name="Target"/>,
/// <paramref name="Kind"/>, <paramref name="Detail"/>) was observed in <paramref name="Process"/>. Column edges are shared
/// between the processes that produce them (counts add up); attributions keep, per process, its own column lineage, so an
/// OpenLineage export gives each job only the edges it produced.
/// </summary>
/// <param name="Process">Process node id (<c>process:query:…</c>, <c>process:job:…</c>).</param>
/// <param name="Source">Upstream column node id.</param>
/// <param name="Target">Downstream column node id.</param>
/// <param name="Kind"><see cref="LineageEdgeKind.Transforms"/> or <see cref="LineageEdgeKind.DependsOn"/>.</param>
/// <param name="Detail">The edge's <see cref="DependencyKind"/> name.</param>
public sealed record LineageAttribution(string Process, string Source, string Target, LineageEdgeKind Kind, string Detail)
{
    /// <summary>The key of the attributed edge (see <see cref="LineageEdge.Key"/>).</summary>
    public (string Source, string Target, LineageEdgeKind Kind, string Detail) EdgeKey => (Source, Target, Kind, Detail);
}
