namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>How much could go wrong when a <see cref="SchemaRecommendation"/> is applied.</summary>
public enum RecommendationRisk
{
    /// <summary>Additive and cheap to undo (e.g. a new index).</summary>
    Low,
    /// <summary>Rewrites or reorders data but keeps every value (e.g. clustering, a materialised view).</summary>
    Medium,
    /// <summary>Changes how values are stored (e.g. narrowing a type, re-partitioning): validate on a shadow store first.</summary>
    High,
}
