namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>What a <see cref="DelegateSourceConnector"/>'s fetch function returns.</summary>
/// <param name="Rows">The new rows, values in the order of the connector's schema columns (null for SQL NULL).</param>
/// <param name="Watermark">The watermark covering these rows (and everything before); null keeps the previous one.</param>
public sealed record SourceRows(IEnumerable<object?[]> Rows, Watermark? Watermark);
