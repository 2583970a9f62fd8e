namespace AdaptiveEtl.Kit.Forecasting.Statistics;

/// <summary>Timestamps of forecast steps: the last timestamp plus multiples of the median spacing of the series.</summary>
internal static class FutureTimestamps
{
    /// <summary>Null when the series has no timestamps (or only one).</summary>
    public static IReadOnlyList<DateTimeOffset>? After(IReadOnlyList<DateTimeOffset>? timestamps, int horizon)
    {
        if (timestamps is null || timestamps.Count < 2) return null;
        var gaps = new long[timestamps.Count - 1];
        for (int i = 1; i < timestamps.Count; i++) gaps[i - 1] = (timestamps[i] - timestamps[i - 1]).Ticks;
        Array.Sort(gaps);
        var step = TimeSpan.FromTicks(gaps[gaps.Length / 2]);
        var last = timestamps[^1];
        return Enumerable.Range(1, horizon).Select(k => last + step * k).ToArray();
    }
}
