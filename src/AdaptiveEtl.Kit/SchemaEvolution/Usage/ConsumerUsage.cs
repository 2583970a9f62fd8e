namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>One consumer of the workload (a user or an application).</summary>
/// <param name="Kind"><c>user</c> or <c>application</c>.</param>
/// <param name="Name">The user or application name.</param>
/// <param name="Executions">Executions and access reads it made.</param>
/// <param name="TotalDurationMs">Their total time.</param>
/// <param name="Tables">The tables it read, sorted.</param>
public sealed record ConsumerUsage(string Kind, string Name, long Executions, double TotalDurationMs, IReadOnlyList<string> Tables);
