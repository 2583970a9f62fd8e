namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>Metrics of one fetched part (a file, or a table's rows).</summary>
/// <param name="Name">File name, or the table name.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Bytes">Bytes read (file size, or the size of the rows' values).</param>
public sealed record FetchedPart(string Name, long Rows, long Bytes);
