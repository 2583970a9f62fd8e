namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>One pipeline of a <c>kit.yaml</c>'s <c>proactive.pipelines</c>: what <c>kit watch</c> pre-fetches and publishes.</summary>
/// <param name="Name">The pipeline, as named in the run history.</param>
/// <param name="Source">Landing-zone folder (CSV, Parquet, JSON lines files), absolute.</param>
/// <param name="Target">Target table in the staging store (the pipeline's name unless given).</param>
/// <param name="Where">File, line and key path of the entry, for messages.</param>
public sealed record WatchedPipelineConfig(string Name, string Source, string Target, string Where);
