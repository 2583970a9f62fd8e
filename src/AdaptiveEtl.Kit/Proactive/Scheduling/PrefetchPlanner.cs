using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Proactive.Scheduling;

/// <summary>
/// Turns a <see cref="TriggerPrediction"/> and a source's measured <see cref="SourceSpeed"/> into a <see cref="PrefetchPlan"/>:
/// lead = max(<see cref="PrefetchOptions.MinimumLead"/>, safety × (latency + predicted bytes / bandwidth)), start = window start − lead
/// (never before the prediction's <c>AsOf</c>), expiry = end of the <see cref="PrefetchOptions.ExpiryLevel"/> window + grace.
/// </summary>
public static class PrefetchPlanner
{
    /// <summary>Plans pre-fetching for the trigger that <paramref name="prediction"/> describes.</summary>
    /// <exception cref="KitDataException">The prediction lacks a level the options ask for.</exception>
    public static PrefetchPlan Plan(TriggerPrediction prediction, string source, SourceSpeed speed, PrefetchOptions options, int revision = 1)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(speed);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var window = Level(prediction, options.WindowLevel);
        var expiryWindow = Level(prediction, options.ExpiryLevel);
        var bytesInterval = prediction.Bytes.Intervals.FirstOrDefault(i => Math.Abs(i.Level - options.VolumeLevel) < 1e-9)
            ?? throw new KitDataException($"the prediction has no {options.VolumeLevel:P0} bytes interval; levels: {string.Join(", ", prediction.Bytes.Intervals.Select(i => i.Level))}.", prediction.Pipeline);
        double bytes = Math.Max(bytesInterval.Upper, prediction.Bytes.Point);
        var fetch = speed.EstimateFetchTime((long)Math.Min(bytes, long.MaxValue / 2));
        var lead = TimeSpan.FromTicks(Math.Max(options.MinimumLead.Ticks, (long)(fetch.Ticks * options.SafetyFactor)));
        var start = window.From - lead;
        if (start < prediction.AsOf) start = prediction.AsOf;
        var expires = Max(expiryWindow.To, window.To) + options.ExpiryGrace;
        // an overdue prediction can collapse onto AsOf: keep every plan alive for a few rounds so expiry cannot spin in place
        var minimumLife = TimeSpan.FromTicks(5 * Math.Max(options.MinimumLead.Ticks, options.MinimumRoundInterval.Ticks));
        expires = Max(expires, prediction.AsOf + minimumLife);
        var span = expires - start;
        var round = options.RoundInterval ?? TimeSpan.FromTicks(Math.Clamp(span.Ticks / 20, options.MinimumRoundInterval.Ticks, Math.Max(options.MinimumRoundInterval.Ticks, TimeSpan.FromHours(1).Ticks)));
        return new PrefetchPlan(prediction.Pipeline, source, revision, prediction.AsOf, window.From, window.To, window.Level, prediction.ExpectedTrigger,
            bytes, prediction.Rows.Point, fetch, lead, start, round, expires);
    }

    private static TriggerWindow Level(TriggerPrediction prediction, double level) =>
        prediction.Intervals.FirstOrDefault(i => Math.Abs(i.Level - level) < 1e-9)
        ?? throw new KitDataException($"the prediction has no {level:P0} window; levels: {string.Join(", ", prediction.Intervals.Select(i => i.Level))}. Ask for it in TriggerPredictionOptions.Levels.", prediction.Pipeline);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
