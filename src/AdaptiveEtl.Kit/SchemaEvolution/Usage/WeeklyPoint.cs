namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>One week of a query family's history.</summary>
/// <param name="WeekStart">The Monday the week starts on (UTC).</param>
/// <param name="Executions">Executions in the week.</param>
/// <param name="MeanDurationMs">Mean duration of those executions, or null when none had a duration.</param>
public sealed record WeeklyPoint(DateOnly WeekStart, long Executions, double? MeanDurationMs);
