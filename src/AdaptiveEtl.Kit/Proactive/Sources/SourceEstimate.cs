namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>What is new in a source after a watermark, from <see cref="ISourceConnector.EstimateNewAsync"/>.</summary>
/// <param name="Source">Connector name.</param>
/// <param name="Rows">New rows (exact or estimated, see <paramref name="RowsExact"/>).</param>
/// <param name="Bytes">New bytes (file sizes, or the estimated size of the new rows).</param>
/// <param name="RowsExact">Whether <paramref name="Rows"/> was counted rather than extrapolated.</param>
/// <param name="Parts">The new parts in fetch order (files by name; one part for a table); empty when nothing is new.</param>
public sealed record SourceEstimate(string Source, long Rows, long Bytes, bool RowsExact, IReadOnlyList<SourcePart> Parts)
{
    /// <summary>Whether anything may be new (at least one part; a part of unknown size counts).</summary>
    public bool HasNew => Parts.Count > 0;

    /// <inheritdoc />
    public override string ToString() => $"{Source}: {(RowsExact ? "" : "~")}{Rows} row(s), {Bytes} byte(s) new in {Parts.Count} part(s)";
}
