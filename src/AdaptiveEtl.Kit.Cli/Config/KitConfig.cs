namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// A parsed and validated <c>kit.yaml</c> (or JSON): what <c>kit run --config</c> reads. Paths are absolute, resolved
/// against the config file's folder. Read it with <see cref="KitConfigReader"/>; write an example with <c>kit init</c>.
/// </summary>
/// <param name="Path">The config file.</param>
/// <param name="Work">Work folder, or null for the command's default.</param>
/// <param name="Report">HTML report path, or null for <c>&lt;work&gt;/report.html</c>.</param>
/// <param name="FailOnDrift">Whether a drifted (or inconclusive) dataset makes the run exit with code 3.</param>
/// <param name="History">The run-history section, or null to skip trigger prediction.</param>
/// <param name="Drift">The drift datasets (may be empty).</param>
/// <param name="Lineage">The lineage section, or null.</param>
/// <param name="Schema">The schema section, or null.</param>
/// <param name="Proactive">The proactive section, or null for the defaults (replay <see cref="ProactiveConfig.DefaultReplayTriggers"/> triggers, nothing to watch).</param>
/// <param name="OpenLineage">Where <c>kit run</c> sends its own OpenLineage run events, or null for nowhere.</param>
public sealed record KitConfig(string Path, string? Work, string? Report, bool FailOnDrift, HistoryConfig? History,
    IReadOnlyList<DriftDatasetConfig> Drift, LineageConfig? Lineage, SchemaConfig? Schema, ProactiveConfig? Proactive = null,
    OpenLineageConfig? OpenLineage = null);
