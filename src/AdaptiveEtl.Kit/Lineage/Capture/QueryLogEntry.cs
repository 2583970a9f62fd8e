namespace AdaptiveEtl.Kit.Lineage.Capture;

/// <summary>One executed SQL statement from a query log, <c>pg_stat_statements</c> or a PostgreSQL CSV log.</summary>
/// <param name="QueryId">Id in the source log, if any.</param>
/// <param name="Timestamp">When it ran (UTC); for aggregated sources (pg_stat_statements) when the snapshot was taken.</param>
/// <param name="User">Database user, or null.</param>
/// <param name="Application">Client application, or null.</param>
/// <param name="DurationMs">Execution time in milliseconds (total over all calls for aggregated sources), or null.</param>
/// <param name="Rows">Rows returned or written, or null.</param>
/// <param name="Calls">How many executions the entry stands for (1 for a log line).</param>
/// <param name="QueryText">The SQL text.</param>
public sealed record QueryLogEntry(string? QueryId, DateTimeOffset Timestamp, string? User, string? Application, double? DurationMs, long? Rows, long Calls, string QueryText);
