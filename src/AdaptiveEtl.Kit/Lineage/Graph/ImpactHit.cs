namespace AdaptiveEtl.Kit.Lineage.Graph;

/// <summary>A node reached by an upstream/downstream traversal and its distance (in edges) from the start.</summary>
/// <param name="Node">The node reached.</param>
/// <param name="Depth">Shortest distance from the start node (1 = direct neighbour).</param>
public sealed record ImpactHit(LineageNode Node, int Depth);
