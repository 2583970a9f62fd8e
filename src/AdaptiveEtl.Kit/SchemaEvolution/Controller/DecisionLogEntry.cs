namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>One auditable line of the decision log.</summary>
/// <param name="At">When (UTC, from the controller's time provider).</param>
/// <param name="RecommendationId">The recommendation concerned.</param>
/// <param name="Kind">Its kind (e.g. <c>Index</c>).</param>
/// <param name="Table">Its table (<c>schema.table</c>).</param>
/// <param name="Step">What happened.</param>
/// <param name="Detail">A readable sentence: the reason, the DDL, the outcome.</param>
/// <param name="Figures">The numbers behind it (e.g. <c>shadow_gain</c>, <c>before_ms</c>, <c>after_ms</c>, <c>whatif_gain</c>).</param>
public sealed record DecisionLogEntry(
    DateTimeOffset At,
    string RecommendationId,
    string Kind,
    string Table,
    DecisionStep Step,
    string Detail,
    IReadOnlyDictionary<string, double> Figures);
