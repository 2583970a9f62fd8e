namespace AdaptiveEtl.Kit.Proactive;

/// <summary>What a run at trigger time did: how much came from staging and how much was fetched on demand, and how long it took.</summary>
/// <param name="StagedRows">Rows taken from staging (pre-fetched).</param>
/// <param name="StagedBytes">Bytes taken from staging.</param>
/// <param name="OnDemandRows">Rows fetched at trigger time (arrived after the last pre-fetch).</param>
/// <param name="OnDemandBytes">Bytes fetched at trigger time.</param>
/// <param name="FetchDuration">Time of the on-demand fetch.</param>
/// <param name="TransformDuration">Time of the pipeline execution and the atomic publish.</param>
/// <param name="FileCount">Source files (or batches) the run covered.</param>
/// <param name="SchemaHash">Hash of the source schema the run saw.</param>
public sealed record HybridRunOutcome(long StagedRows, long StagedBytes, long OnDemandRows, long OnDemandBytes, TimeSpan FetchDuration, TimeSpan TransformDuration, int FileCount, string SchemaHash)
{
    /// <summary>Rows the run ingested in total.</summary>
    public long Rows => StagedRows + OnDemandRows;

    /// <summary>Bytes the run ingested in total.</summary>
    public long Bytes => StagedBytes + OnDemandBytes;

    /// <summary>Trigger to data-ready: on-demand fetch plus transformation.</summary>
    public TimeSpan DataReady => FetchDuration + TransformDuration;
}
