namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>Bounds and defaults of <see cref="PipelinePlanner"/>.</summary>
public sealed record PlannerOptions
{
    /// <summary>Upper bound of steps run at the same time (default: the processor count).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Cost assumed for a step without recorded runs, in seconds per input row (default 1 µs).</summary>
    public double DefaultSecondsPerRow { get; init; } = 1e-6;

    /// <summary>A C# step's batch is sized to take about this long (default 0.25 s).</summary>
    public double TargetBatchSeconds { get; init; } = 0.25;

    /// <summary>Smallest batch (default 1 024 rows).</summary>
    public int MinBatchRows { get; init; } = 1024;

    /// <summary>Largest batch (default 1 000 000 rows).</summary>
    public int MaxBatchRows { get; init; } = 1_000_000;
}
