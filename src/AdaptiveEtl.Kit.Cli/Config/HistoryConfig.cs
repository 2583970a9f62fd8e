namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>The run-history section of a <c>kit.yaml</c>: where the pipelines' past runs come from and how they are predicted.</summary>
/// <param name="Sources">Run-history inputs (the <c>etl_runs.csv</c> columns), imported in order into the work folder's store.</param>
/// <param name="Pipelines">Pipelines to predict; empty = every pipeline in the store.</param>
/// <param name="Holidays">Holiday calendar CSV (<c>date,name</c>), or null.</param>
/// <param name="MaxRuns">Most recent runs per pipeline used for prediction, or null for the command's default.</param>
public sealed record HistoryConfig(IReadOnlyList<TableSource> Sources, IReadOnlyList<string> Pipelines, string? Holidays, int? MaxRuns);
