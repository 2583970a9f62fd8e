namespace AdaptiveEtl.Kit.History;

/// <summary>A measurement of how fast rows arrive at a pipeline's source.</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="Timestamp">End of the measurement window (UTC); imports from <c>etl_runs.csv</c> use the trigger time.</param>
/// <param name="RowsPerSecond">Rows per second arriving at the source.</param>
public sealed record IngestionRateSample(string Pipeline, DateTimeOffset Timestamp, double RowsPerSecond);
