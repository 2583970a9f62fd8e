using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Proactive.Replay;

/// <summary>
/// Wraps a real connector and makes it behave like a slow remote source: every fetch is reported as taking
/// <c>latency + bytes / bandwidth</c> (<see cref="SimulatedDuration"/>), and the source can be taken down. In virtual time
/// (a replay) nothing sleeps — the loop uses the simulated duration; with <see cref="Sleep"/> the wrapper really waits,
/// for live demonstrations.
/// </summary>
public sealed class SimulatedSlowSource : ISourceConnector
{
    private readonly ISourceConnector _inner;

    /// <summary>Wraps <paramref name="inner"/> with the simulated <paramref name="speed"/>.</summary>
    public SimulatedSlowSource(ISourceConnector inner, SourceSpeed speed)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        MeasuredSpeed = speed ?? throw new ArgumentNullException(nameof(speed));
    }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <summary>The simulated latency and bandwidth (reported as the measured speed).</summary>
    public SourceSpeed MeasuredSpeed { get; }

    /// <summary>When true, the source fails every call with an <see cref="IOException"/> (a source that is down).</summary>
    public bool IsDown { get; set; }

    /// <summary>When true, fetches really wait for their simulated duration (live demos); false in a replay.</summary>
    public bool Sleep { get; set; }

    /// <summary>The simulated duration of the last fetch.</summary>
    public TimeSpan SimulatedDuration { get; private set; }

    /// <inheritdoc />
    public Task<TableSchema> DescribeAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        return _inner.DescribeAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<SourceEstimate> EstimateNewAsync(Watermark? since, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        return _inner.EstimateNewAsync(since, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        var result = await _inner.FetchAsync(request, cancellationToken).ConfigureAwait(false);
        SimulatedDuration = MeasuredSpeed.EstimateFetchTime(result.Bytes);
        if (Sleep) await Task.Delay(SimulatedDuration, cancellationToken).ConfigureAwait(false);
        return result with { Duration = SimulatedDuration };
    }

    private void ThrowIfDown()
    {
        if (IsDown) throw new IOException($"source '{Name}' is unavailable (simulated outage).");
    }
}
