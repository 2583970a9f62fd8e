namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// A source's measured speed: fetching <c>b</c> bytes takes about <c>Latency + b / BytesPerSecond</c>. Used to choose
/// the pre-fetch lead time before a predicted trigger window.
/// </summary>
/// <param name="Latency">Fixed cost of one fetch (connect, list, first byte).</param>
/// <param name="BytesPerSecond">Transfer rate; <see cref="double.PositiveInfinity"/> when not measurable yet.</param>
/// <param name="Samples">Number of fetches measured (0: unknown).</param>
public sealed record SourceSpeed(TimeSpan Latency, double BytesPerSecond, int Samples)
{
    /// <summary>No fetch measured yet.</summary>
    public static SourceSpeed Unknown { get; } = new(TimeSpan.Zero, double.PositiveInfinity, 0);

    /// <summary>Expected time to fetch <paramref name="bytes"/> bytes.</summary>
    public TimeSpan EstimateFetchTime(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        double transfer = double.IsPositiveInfinity(BytesPerSecond) || BytesPerSecond <= 0 ? 0 : bytes / BytesPerSecond;
        return Latency + TimeSpan.FromSeconds(Math.Min(transfer, TimeSpan.MaxValue.TotalSeconds / 2));
    }

    /// <inheritdoc />
    public override string ToString() => Samples == 0
        ? "speed unknown (no fetch yet)"
        : $"latency {Latency.TotalMilliseconds:F0} ms, {(double.IsPositiveInfinity(BytesPerSecond) ? "bandwidth not measurable" : $"{BytesPerSecond / 1e6:F2} MB/s")} ({Samples} fetch(es))";
}
