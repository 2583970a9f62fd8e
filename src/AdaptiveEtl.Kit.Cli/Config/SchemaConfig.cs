namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// The schema section of a <c>kit.yaml</c>: the inputs of <c>kit schema recommend</c> (<c>kit.Schema</c>), whose
/// recommendations for tables at risk of degrading are added to the report.
/// </summary>
/// <param name="WorkloadLog">Workload (query) log CSV.</param>
/// <param name="AccessLog">Access log (JSON lines).</param>
/// <param name="Catalog">Star-schema catalog JSON.</param>
/// <param name="Profiles">Table profile history JSON.</param>
/// <param name="MinRisk">Degradation probability a query family needs before its tables get recommendations.</param>
/// <param name="Threshold">Latency multiple of the first-week baseline above which a family counts as degraded.</param>
public sealed record SchemaConfig(string WorkloadLog, string AccessLog, string Catalog, string Profiles, double MinRisk, double Threshold);
