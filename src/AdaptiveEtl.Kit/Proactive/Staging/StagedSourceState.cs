using AdaptiveEtl.Kit.Proactive.Sources;

namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>What is staged for one source of a pipeline.</summary>
/// <param name="Source">Source name.</param>
/// <param name="StagingTable">The staging table (quoted SQL name).</param>
/// <param name="Watermark">The committed watermark.</param>
/// <param name="Rows">Rows in the staging table now.</param>
/// <param name="Bytes">Source bytes of the batches in the staging table now.</param>
/// <param name="Batches">Batches in the staging table now.</param>
/// <param name="UnpublishedRows">Rows of batches not yet published to any target.</param>
/// <param name="LastStagedAt">When the last batch was committed.</param>
/// <param name="BlockedBy">The last incompatible schema change that stopped staging, when still unresolved.</param>
public sealed record StagedSourceState(string Source, string StagingTable, Watermark? Watermark, long Rows, long Bytes, int Batches,
    long UnpublishedRows, DateTimeOffset? LastStagedAt, string? BlockedBy)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Source}: {Rows} row(s) in {Batches} batch(es) ({UnpublishedRows} unpublished), {Bytes} byte(s), watermark {Watermark?.ToString() ?? "none"}" +
        (LastStagedAt is { } t ? $", last staged {t:u}" : "") + (BlockedBy is null ? "" : $"; BLOCKED: {BlockedBy}");
}
