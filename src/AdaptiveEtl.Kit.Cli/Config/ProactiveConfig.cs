namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// The proactive section of a <c>kit.yaml</c>: how many recorded triggers <c>kit run</c> replays through the proactive loop,
/// and the pipelines <c>kit watch --config</c> watches (each over its landing-zone folder, publishing into a staging table).
/// </summary>
/// <param name="ReplayTriggers">Recorded triggers of each pipeline that <c>kit run</c> replays (0 leaves the section out).</param>
/// <param name="Pipelines">What <c>kit watch --config</c> watches (may be empty when only the replay is configured).</param>
public sealed record ProactiveConfig(int ReplayTriggers, IReadOnlyList<WatchedPipelineConfig> Pipelines)
{
    /// <summary>The replay length when the section does not say (<c>kit run</c> without a proactive section).</summary>
    public const int DefaultReplayTriggers = 6;
}
