namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// One proposed change to the data store, as structured data: what (<see cref="Kind"/>, <see cref="Table"/>,
/// <see cref="Columns"/>, <see cref="Options"/>), why (<see cref="Evidence"/>, <see cref="Rationale"/>), and what it is
/// expected to bring and cost. The DDL that applies and undoes it is rendered per engine by the schema-change DDL
/// renderer, so one recommendation serves PostgreSQL and DuckDB alike.
/// </summary>
/// <param name="Id">Stable identifier (same inputs give the same id), used in the decision log.</param>
/// <param name="Kind">What kind of change.</param>
/// <param name="Table">The table changed.</param>
/// <param name="Columns">The columns involved, in order (index key order, partition key, the retyped column…).</param>
/// <param name="Options">Kind-specific settings (see <see cref="RecommendationKind"/>), e.g. <c>to_type</c>.</param>
/// <param name="Evidence">The observations behind it, one readable line each (usage counts, selectivity, skew figures…).</param>
/// <param name="ExpectedGain">Expected share of the affected workload's time saved, in [0, 1].</param>
/// <param name="EstimatedStorageBytes">Extra storage it takes (negative when it frees storage).</param>
/// <param name="Risk">How much could go wrong when applying it.</param>
/// <param name="Rationale">One sentence a person reads first.</param>
public sealed record SchemaRecommendation(
    string Id,
    RecommendationKind Kind,
    QualifiedTable Table,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyList<string> Evidence,
    double ExpectedGain,
    long EstimatedStorageBytes,
    RecommendationRisk Risk,
    string Rationale)
{
    /// <summary>The value of option <paramref name="key"/>, or null.</summary>
    public string? Option(string key) => Options.TryGetValue(key, out var v) ? v : null;
}
