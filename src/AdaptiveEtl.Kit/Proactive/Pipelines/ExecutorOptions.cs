namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>Where executors write and how they name their work tables.</summary>
public sealed record ExecutorOptions
{
    /// <summary>Schema of the step outputs (the target tables), created when missing; default <c>main</c>.</summary>
    public string TargetSchema { get; init; } = "main";

    /// <summary>Schema of the hybrid executor's work tables (parts computed ahead, deltas), created when missing; default <c>pipeline_work</c>.</summary>
    public string WorkSchema { get; init; } = "pipeline_work";

    /// <summary>Whether to record measured step runs in the cost store (when one is given); default true.</summary>
    public bool RecordCosts { get; init; } = true;
}
