namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>One execution (or one aggregated entry) of a query family: the raw series behind the family's statistics.</summary>
/// <param name="Timestamp">When it ran (UTC).</param>
/// <param name="Fingerprint">Its family (<see cref="QueryFamily.Fingerprint"/>).</param>
/// <param name="DurationMs">How long it took in milliseconds (per call), or null.</param>
/// <param name="Rows">Rows returned or written (per call), or null.</param>
/// <param name="Calls">How many executions the entry stands for.</param>
/// <param name="User">Who ran it, or null.</param>
/// <param name="Application">Which application ran it, or null.</param>
public sealed record QueryExecution(DateTimeOffset Timestamp, string Fingerprint, double? DurationMs, long? Rows, long Calls, string? User, string? Application);
