namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>
/// One read of a dataset by an API or application, from an access log (the third usage capture method beside SQL
/// parsing and ETL metadata): who read which columns of which dataset, how long it took and how many rows came back.
/// </summary>
/// <param name="Timestamp">When the read happened (UTC).</param>
/// <param name="User">The user or service account, or null.</param>
/// <param name="Application">The reading application, or null.</param>
/// <param name="Dataset">The dataset (table) read, <c>schema.table</c> as in the lineage graph.</param>
/// <param name="Columns">The columns read (empty: the whole row).</param>
/// <param name="LatencyMs">How long the read took, in milliseconds.</param>
/// <param name="Rows">Rows returned, or null.</param>
/// <param name="FilterColumns">Columns the read filtered on (an API's query parameters), empty when unknown.</param>
public sealed record AccessLogEntry(DateTimeOffset Timestamp, string? User, string? Application, string Dataset,
    IReadOnlyList<string> Columns, double LatencyMs, long? Rows, IReadOnlyList<string> FilterColumns);
