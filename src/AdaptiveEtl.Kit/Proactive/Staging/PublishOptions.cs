namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>Options of <see cref="StagingStore.PublishAsync"/>.</summary>
public sealed record PublishOptions
{
    /// <summary>Defaults: remove published rows from the staging table, add missing columns to the target.</summary>
    public static PublishOptions Default { get; } = new();

    /// <summary>Whether the published batches are deleted from the staging table in the same transaction.</summary>
    public bool RemovePublished { get; init; } = true;

    /// <summary>Whether columns the target lacks are added to it (as nullable; a logged decision) instead of failing.</summary>
    public bool AddMissingColumns { get; init; } = true;

    /// <summary>Receives each logged decision.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Called at <see cref="StagePhase.Published"/>, <see cref="StagePhase.BeforeCommit"/> and <see cref="StagePhase.Committed"/> (fault injection).</summary>
    public Func<StagePhase, CancellationToken, Task>? Checkpoint { get; init; }
}
