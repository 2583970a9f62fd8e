namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>One file of a landing zone as it was when ingested.</summary>
/// <param name="Name">File name relative to the landing folder (forward slashes), e.g. <c>orders_2025-12-09.csv</c>.</param>
/// <param name="Bytes">File size in bytes when ingested.</param>
/// <param name="LastWriteUtc">Modification time (UTC) when ingested.</param>
public sealed record LandedFile(string Name, long Bytes, DateTimeOffset LastWriteUtc);
