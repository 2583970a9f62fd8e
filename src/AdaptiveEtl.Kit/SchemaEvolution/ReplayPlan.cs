using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;

namespace AdaptiveEtl.Kit.SchemaEvolution;

/// <summary>What a shadow replay runs against one store: the queries, the tables the shadow must copy, and the families left out.</summary>
/// <param name="Queries">The families to replay, weighted by executions per week.</param>
/// <param name="Tables">The tables they read (all present in the store).</param>
/// <param name="Skipped">Families left out because a table they read is not in the store, with that table.</param>
public sealed record ReplayPlan(IReadOnlyList<WorkloadQuery> Queries, IReadOnlyList<QualifiedTable> Tables, IReadOnlyList<string> Skipped);
