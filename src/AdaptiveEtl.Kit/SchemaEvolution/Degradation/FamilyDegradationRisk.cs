using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>The predicted risk that one query family degrades within the horizon after its latest period.</summary>
/// <param name="Family">The query family.</param>
/// <param name="Period">The latest period of its history.</param>
/// <param name="Probability">Predicted probability in [0, 1] (1 when it is already degraded).</param>
/// <param name="AlreadyDegraded">True when its latency already exceeded the threshold.</param>
/// <param name="Tables">The tables the family reads.</param>
public sealed record FamilyDegradationRisk(string Family, int Period, double Probability, bool AlreadyDegraded, IReadOnlyList<QualifiedTable> Tables);
