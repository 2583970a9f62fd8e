namespace AdaptiveEtl.Kit.Forecasting.Statistics;

/// <summary>
/// Timestamps of forecast steps: the caller's <see cref="ForecastOptions.FutureTimestamps"/> when given, otherwise the last
/// timestamp plus calendar months (month/quarter/year regular histories) or multiples of the median spacing (see <see cref="TimestampStep"/>).
/// </summary>
internal static class FutureTimestamps
{
    /// <summary>Null when the series has no timestamps (or only one) and the caller passed none.</summary>
    public static IReadOnlyList<DateTimeOffset>? After(IReadOnlyList<DateTimeOffset>? timestamps, int horizon, ForecastOptions? options = null, string? seriesName = null)
    {
        if (options?.FutureTimestamps is { } given) return Given(given, timestamps is { Count: > 0 } ? timestamps[^1] : null, horizon, seriesName);
        return TimestampStep.Of(timestamps) is { } step ? step.After(timestamps![^1], horizon) : null;
    }

    /// <summary>Checks caller-supplied future timestamps: at least <paramref name="horizon"/>, strictly increasing, after the history.</summary>
    public static IReadOnlyList<DateTimeOffset> Given(IReadOnlyList<DateTimeOffset> given, DateTimeOffset? last, int horizon, string? seriesName)
    {
        string where = seriesName ?? "series";
        if (given.Count < horizon)
            throw new KitDataException($"ForecastOptions.FutureTimestamps has {given.Count} timestamps, expected at least the horizon {horizon}.", where);
        for (int k = 0; k < horizon; k++)
        {
            var previous = k == 0 ? last : given[k - 1];
            if (previous is { } p && given[k] <= p)
                throw new KitDataException($"ForecastOptions.FutureTimestamps[{k}] = {given[k]:O} is not after {(k == 0 ? "the last observation" : $"FutureTimestamps[{k - 1}]")} {p:O}; expected strictly increasing timestamps after the history.", where);
        }
        return given.Take(horizon).ToArray();
    }
}
