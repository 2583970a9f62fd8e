using AdaptiveEtl.Kit.Proactive.SchemaChecks;
using AdaptiveEtl.Kit.Proactive.Sources;

namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>The result of one <see cref="StagingStore.StageAsync"/> call; never an exception for source or data problems.</summary>
public sealed record StageOutcome
{
    /// <summary>Pipeline name.</summary>
    public required string Pipeline { get; init; }

    /// <summary>Source name.</summary>
    public required string Source { get; init; }

    /// <summary>How it ended.</summary>
    public required StageStatus Status { get; init; }

    /// <summary>Rows staged by this call.</summary>
    public long Rows { get; init; }

    /// <summary>Bytes read by this call.</summary>
    public long Bytes { get; init; }

    /// <summary>Watermark before the call.</summary>
    public Watermark? WatermarkBefore { get; init; }

    /// <summary>Watermark after the call (committed with the rows).</summary>
    public Watermark? WatermarkAfter { get; init; }

    /// <summary>The batches committed by this call.</summary>
    public IReadOnlyList<StagedBatch> Batches { get; init; } = [];

    /// <summary>Schema reports of the parts that changed schema (compatible or not), in order.</summary>
    public IReadOnlyList<SchemaCheckReport> SchemaReports { get; init; } = [];

    /// <summary>The report that blocked staging, when <see cref="Status"/> is <see cref="StageStatus.BlockedBySchema"/>.</summary>
    public SchemaCheckReport? BlockingReport { get; init; }

    /// <summary>Malformed files moved aside during this call.</summary>
    public IReadOnlyList<QuarantinedFile> Quarantined { get; init; } = [];

    /// <summary>Attempts made (more than one when the source was retried).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>What went wrong, for <see cref="StageStatus.SourceUnavailable"/> and <see cref="StageStatus.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Wall time of the call, backoff included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The decisions logged (schema adaptations, quarantines, retries).</summary>
    public IReadOnlyList<string> Decisions { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() =>
        $"{Pipeline}/{Source}: {Status}, {Rows} row(s), {Bytes} byte(s) in {Batches.Count} batch(es), watermark {WatermarkAfter?.ToString() ?? "none"}" +
        (Attempts > 1 ? $", {Attempts} attempts" : "") + (Quarantined.Count > 0 ? $", {Quarantined.Count} quarantined" : "") +
        (Error is null ? "" : $"; {Error}") + (BlockingReport is null ? "" : Environment.NewLine + BlockingReport);
}
