using System.Globalization;

namespace AdaptiveEtl.Kit.Proactive.Scheduling;

/// <summary>
/// When and how to pre-fetch one pipeline's source ahead of its predicted trigger: start at <see cref="StartAt"/> (the
/// window start minus the lead time), fetch what is new every <see cref="RoundInterval"/>, give up at <see cref="ExpiresAt"/>.
/// </summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Source">The source it pre-fetches.</param>
/// <param name="Revision">1 for the first plan of a trigger cycle, +1 on every re-plan.</param>
/// <param name="PredictedAt">The <c>AsOf</c> of the prediction the plan comes from.</param>
/// <param name="WindowFrom">Start of the targeted trigger window.</param>
/// <param name="WindowTo">End of the targeted trigger window.</param>
/// <param name="WindowLevel">Level of the targeted window.</param>
/// <param name="ExpectedTrigger">The point forecast of the trigger.</param>
/// <param name="PredictedBytes">Upper bytes bound used to size the lead time.</param>
/// <param name="PredictedRows">Point forecast of rows.</param>
/// <param name="EstimatedFetch">Estimated time to fetch <paramref name="PredictedBytes"/> from the source.</param>
/// <param name="Lead">How long before <paramref name="WindowFrom"/> fetching starts.</param>
/// <param name="StartAt">When the first round runs.</param>
/// <param name="RoundInterval">Time between incremental rounds.</param>
/// <param name="ExpiresAt">When the plan is dropped if no trigger came.</param>
public sealed record PrefetchPlan(
    string Pipeline, string Source, int Revision, DateTimeOffset PredictedAt,
    DateTimeOffset WindowFrom, DateTimeOffset WindowTo, double WindowLevel, DateTimeOffset ExpectedTrigger,
    double PredictedBytes, double PredictedRows, TimeSpan EstimatedFetch, TimeSpan Lead,
    DateTimeOffset StartAt, TimeSpan RoundInterval, DateTimeOffset ExpiresAt)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Pipeline} r{Revision}: fetch {Source} from {StartAt.UtcDateTime:yyyy-MM-dd HH:mm}Z every {RoundInterval.TotalMinutes:0.#} min (lead {Lead.TotalMinutes:0.#} min before the {WindowLevel:P0} window {WindowFrom.UtcDateTime:HH:mm}–{WindowTo.UtcDateTime:HH:mm}Z), expires {ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm}Z");
}
