using System.Diagnostics;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// Base class for connectors: times every fetch and keeps <see cref="MeasuredSpeed"/> from the recent ones, so an
/// implementation only writes <see cref="DescribeAsync"/>, <see cref="EstimateNewAsync"/> and <see cref="FetchCoreAsync"/>.
/// </summary>
public abstract class SourceConnectorBase : ISourceConnector
{
    private readonly SpeedMeter _meter = new();

    /// <summary>Creates the connector.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    protected SourceConnectorBase(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public SourceSpeed MeasuredSpeed => _meter.Current;

    /// <inheritdoc />
    public abstract Task<TableSchema> DescribeAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<SourceEstimate> EstimateNewAsync(Watermark? since, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Table);
        var sw = Stopwatch.StartNew();
        var result = await FetchCoreAsync(request, cancellationToken).ConfigureAwait(false);
        sw.Stop();
        _meter.Record(result.Bytes, sw.Elapsed);
        return result with { Duration = sw.Elapsed };
    }

    /// <summary>Fetches the request's range (see <see cref="ISourceConnector.FetchAsync"/>); the duration is filled in by the base class.</summary>
    protected abstract Task<FetchResult> FetchCoreAsync(FetchRequest request, CancellationToken cancellationToken);
}
