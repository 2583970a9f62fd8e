using AdaptiveEtl.Kit.Proactive.SchemaChecks;
using AdaptiveEtl.Kit.Proactive.Sources;

namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>Options of <see cref="StagingStore.StageAsync"/>.</summary>
public sealed record StageOptions
{
    /// <summary>Defaults: <see cref="RetryPolicy.Default"/>, <see cref="SchemaCheckOptions.Default"/>, no batch limits.</summary>
    public static StageOptions Default { get; } = new();

    /// <summary>Retry of a source that is down.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Schema-check thresholds and policy.</summary>
    public SchemaCheckOptions SchemaChecks { get; init; } = SchemaCheckOptions.Default;

    /// <summary>
    /// The expected schema when nothing was staged for this source yet (e.g. the target table's); without it the first
    /// staged part defines it. Later the store keeps the last accepted schema itself.
    /// </summary>
    public SchemaSnapshot? Expected { get; init; }

    /// <summary>Batch size for table sources (see <see cref="FetchRequest.MaxRows"/>).</summary>
    public long? MaxRows { get; init; }

    /// <summary>At most this many parts (files) per call; null: all that are new.</summary>
    public int? MaxParts { get; init; }

    /// <summary>Receives each logged decision (compatible schema adaptations, quarantines, retries) as a line of text.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Called at each <see cref="StagePhase"/> inside the transaction (tests and fault-injection tools use it to fail,
    /// pause or kill the process at that point; throwing rolls the transaction back).
    /// </summary>
    public Func<StagePhase, CancellationToken, Task>? Checkpoint { get; init; }
}
