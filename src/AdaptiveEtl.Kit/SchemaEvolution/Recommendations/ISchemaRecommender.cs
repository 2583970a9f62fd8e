namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>One source of recommendations (indexes, partitioning, views, types, skew) run by the <see cref="SchemaAdvisor"/>.</summary>
public interface ISchemaRecommender
{
    /// <summary>A short name for messages (e.g. <c>index</c>).</summary>
    string Name { get; }

    /// <summary>The recommendations this recommender makes for the workload and statistics in <paramref name="context"/>.</summary>
    IEnumerable<SchemaRecommendation> Recommend(AdvisorContext context, SchemaAdvisorOptions options);
}
