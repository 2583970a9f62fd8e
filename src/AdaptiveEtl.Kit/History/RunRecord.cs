namespace AdaptiveEtl.Kit.History;

/// <summary>
/// One run of an ETL pipeline as kept in the <see cref="RunHistoryStore"/> (the columns of <c>data-samples/etl_runs.csv</c>
/// without the ingestion rate, which is stored as an <see cref="IngestionRateSample"/>).
/// </summary>
/// <param name="Pipeline">Pipeline name, e.g. <c>orders_daily</c>.</param>
/// <param name="RunId">Run identifier, unique per pipeline.</param>
/// <param name="TriggerTime">When the trigger fired (UTC).</param>
/// <param name="StartTime">When the run started, if it did.</param>
/// <param name="EndTime">When the run ended, if it did.</param>
/// <param name="RowsIn">Rows the run ingested.</param>
/// <param name="BytesIn">Bytes the run ingested.</param>
/// <param name="FileCount">Number of source files the run picked up.</param>
/// <param name="SchemaVersion">Version of the source schema seen by the run.</param>
/// <param name="SchemaHash">Hash of the source schema seen by the run.</param>
/// <param name="Outcome"><c>success</c> or <c>failed</c>.</param>
public sealed record RunRecord(
    string Pipeline,
    long RunId,
    DateTimeOffset TriggerTime,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    long RowsIn,
    long BytesIn,
    int FileCount,
    int SchemaVersion,
    string SchemaHash,
    string Outcome)
{
    /// <summary>The outcome values the store accepts.</summary>
    public static IReadOnlyList<string> Outcomes { get; } = ["success", "failed"];
}
