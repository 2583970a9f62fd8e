using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// A source the proactive loop pre-fetches from: a landing-zone folder, a table read by a watermark column, or a
/// user's own (implement this interface or use <see cref="DelegateSourceConnector"/> in a notebook cell).
/// <para>
/// Contract: <see cref="FetchAsync"/> writes the rows after <see cref="FetchRequest.After"/> (and up to
/// <see cref="FetchRequest.UpTo"/> when given) into a new table of the caller's DuckDB connection and returns the
/// watermark that covers exactly those rows. It must not begin, commit or roll back transactions: the caller (the
/// <c>StagingStore</c>) owns the transaction, so the rows and the watermark are committed together or not at all.
/// </para>
/// </summary>
public interface ISourceConnector
{
    /// <summary>Name of the source, unique within a pipeline (used in staging-table names, watermarks and reports).</summary>
    string Name { get; }

    /// <summary>The schema of the source as it is now (landing zone: of the newest file).</summary>
    Task<TableSchema> DescribeAsync(CancellationToken cancellationToken = default);

    /// <summary>Estimates what is new after <paramref name="since"/> (null: everything), without fetching it.</summary>
    Task<SourceEstimate> EstimateNewAsync(Watermark? since, CancellationToken cancellationToken = default);

    /// <summary>Fetches the new rows of the request's range into <see cref="FetchRequest.Table"/> (created by this call).</summary>
    Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Latency and bandwidth measured over this connector's recent fetches (<see cref="SourceSpeed.Unknown"/> before the first).</summary>
    SourceSpeed MeasuredSpeed { get; }
}
