namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>Metrics of one staged batch (one part: a file, or one fetch of a table).</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="Source">Source name.</param>
/// <param name="BatchId">Store-wide increasing batch id (also in the staging table's <c>_kit_batch</c> column).</param>
/// <param name="Part">File name or table name.</param>
/// <param name="Rows">Rows staged.</param>
/// <param name="Bytes">Bytes read from the source.</param>
/// <param name="StagedAt">Commit time (UTC).</param>
/// <param name="Duration">Fetch time.</param>
public sealed record StagedBatch(string Pipeline, string Source, long BatchId, string Part, long Rows, long Bytes, DateTimeOffset StagedAt, TimeSpan Duration)
{
    /// <inheritdoc />
    public override string ToString() => $"batch {BatchId} {Pipeline}/{Source} {Part}: {Rows} row(s), {Bytes} byte(s), {Duration.TotalMilliseconds:F0} ms";
}
