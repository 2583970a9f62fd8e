using AdaptiveEtl.Kit.Lineage.Graph;

namespace AdaptiveEtl.Kit.Lineage.Store;

/// <summary>
/// Persistent lineage graph: tables <c>lineage_nodes</c>, <c>lineage_edges</c> and <c>lineage_edge_processes</c> (which process produced each column edge). Saving a graph upserts it in one
/// transaction — existing nodes/edges widen their first/last seen and add the counts, so each capture batch is saved once.
/// Impact queries run in the database (a breadth-first walk in SQL with a visited set, so cycles cost nothing extra).
/// </summary>
public interface ILineageStore : IAsyncDisposable
{
    /// <summary>Creates the tables when missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Upserts every node and edge of <paramref name="batch"/> in one transaction (all or nothing).</summary>
    Task SaveAsync(LineageGraph batch, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored graph by <paramref name="graph"/> in one transaction (for captures that re-read a whole log).</summary>
    Task ReplaceAsync(LineageGraph graph, CancellationToken cancellationToken = default);

    /// <summary>Loads the whole stored graph into memory (for the graph algorithms, views and exports).</summary>
    Task<LineageGraph> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Nodes downstream of <paramref name="nodeId"/> within <paramref name="maxDepth"/> edges (a dataset starts from its columns too), walked in SQL; terminates on cyclic graphs for any depth, <see cref="int.MaxValue"/> included.</summary>
    Task<IReadOnlyList<ImpactHit>> DownstreamAsync(string nodeId, int maxDepth, CancellationToken cancellationToken = default);

    /// <summary>Nodes upstream of <paramref name="nodeId"/> within <paramref name="maxDepth"/> edges (a dataset starts from its columns too), walked in SQL; terminates on cyclic graphs for any depth, <see cref="int.MaxValue"/> included.</summary>
    Task<IReadOnlyList<ImpactHit>> UpstreamAsync(string nodeId, int maxDepth, CancellationToken cancellationToken = default);
}
