namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>The lineage section of a <c>kit.yaml</c>.</summary>
/// <param name="QueryLogs">Query-log CSVs (the <c>query_log.csv</c> columns), captured in order into one lineage graph.</param>
/// <param name="Catalog">Warehouse catalog JSON (<c>{"table": {"column": "type"}}</c>), or null.</param>
public sealed record LineageConfig(IReadOnlyList<string> QueryLogs, string? Catalog);
