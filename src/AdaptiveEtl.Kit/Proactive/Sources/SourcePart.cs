namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>One part of what is new in a source: a landing-zone file, or the new rows of a table.</summary>
/// <param name="Name">File name, or the table name.</param>
/// <param name="Bytes">Size in bytes (file size; for tables an estimate of the rows' size).</param>
/// <param name="Rows">Row count when known exactly or estimated (see <see cref="SourceEstimate.RowsExact"/>); null when unknown.</param>
/// <param name="UpTo">Pass as <see cref="FetchRequest.UpTo"/> (with the same <see cref="FetchRequest.After"/>) to fetch this part and the parts before it only; null when the source cannot bound a fetch (fetch everything new).</param>
public sealed record SourcePart(string Name, long Bytes, long? Rows, Watermark? UpTo);
