namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>What a fetch wrote, from <see cref="ISourceConnector.FetchAsync"/>.</summary>
/// <param name="Source">Connector name.</param>
/// <param name="Rows">Rows written into the request's table.</param>
/// <param name="Bytes">Bytes read from the source.</param>
/// <param name="Watermark">
/// The watermark covering everything fetched so far (the request's <see cref="FetchRequest.After"/> merged with what this
/// call fetched); equal to <c>After</c> when nothing was new.
/// </param>
/// <param name="Duration">Wall time of the fetch.</param>
/// <param name="Parts">Per-part metrics (per file for landing zones).</param>
/// <param name="Quarantined">Malformed files moved aside during this fetch (not fetched, not in the watermark).</param>
public sealed record FetchResult(string Source, long Rows, long Bytes, Watermark? Watermark, TimeSpan Duration,
    IReadOnlyList<FetchedPart> Parts, IReadOnlyList<QuarantinedFile> Quarantined)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Source}: {Rows} row(s), {Bytes} byte(s) in {Parts.Count} part(s), {Duration.TotalMilliseconds:F0} ms, watermark {Watermark?.ToString() ?? "none"}" +
        (Quarantined.Count > 0 ? $", {Quarantined.Count} file(s) quarantined" : "");
}
