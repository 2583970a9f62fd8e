namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>How one table is used by the workload.</summary>
/// <param name="Table">The table, <c>schema.table</c> as in the lineage graph (lower case).</param>
/// <param name="Reads">Executions reading it (query log) plus access-log reads.</param>
/// <param name="Writes">Executions writing it.</param>
/// <param name="AccessReads">Access-log reads of it.</param>
/// <param name="ReadDurationMs">Total time of the executions reading it.</param>
/// <param name="Consumers">Distinct users and applications reading it.</param>
/// <param name="LineageDepth">Table hops upstream of it (0: a source table nothing writes from other tables).</param>
/// <param name="Upstream">The tables its writers read (direct sources), sorted.</param>
/// <param name="WeeklyTrend">Least-squares slope of its weekly reads.</param>
public sealed record TableUsage(string Table, long Reads, long Writes, long AccessReads, double ReadDurationMs, int Consumers,
    int LineageDepth, IReadOnlyList<string> Upstream, double WeeklyTrend);
