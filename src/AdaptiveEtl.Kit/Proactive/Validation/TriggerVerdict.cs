using System.Globalization;

namespace AdaptiveEtl.Kit.Proactive.Validation;

/// <summary>
/// The verdict on one actual trigger against the prediction that was acted on: in which interval it fell, how far from the
/// point forecast, and whether the delivered volume lay inside the predicted volume intervals.
/// </summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="PredictedAt">The prediction's <c>AsOf</c>.</param>
/// <param name="ActualTrigger">When the trigger fired.</param>
/// <param name="ExpectedTrigger">The point forecast.</param>
/// <param name="Timing">Where it fell.</param>
/// <param name="CoveringLevel">The narrowest interval level that contains the trigger, or null when none does.</param>
/// <param name="ErrorMinutes">Actual minus expected trigger time, in minutes (positive = later than expected).</param>
/// <param name="ActualRows">Rows the trigger brought.</param>
/// <param name="ActualBytes">Bytes the trigger brought.</param>
/// <param name="RowsLevel">The narrowest rows interval level that contains <paramref name="ActualRows"/>, or null.</param>
/// <param name="BytesLevel">The narrowest bytes interval level that contains <paramref name="ActualBytes"/>, or null.</param>
/// <param name="VolumePlausible">True when the rows lie inside the widest predicted rows interval.</param>
public sealed record TriggerVerdict(
    string Pipeline, DateTimeOffset PredictedAt, DateTimeOffset ActualTrigger, DateTimeOffset ExpectedTrigger,
    TriggerTiming Timing, double? CoveringLevel, double ErrorMinutes,
    long ActualRows, long ActualBytes, double? RowsLevel, double? BytesLevel, bool VolumePlausible)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Pipeline} {ActualTrigger.UtcDateTime:yyyy-MM-dd HH:mm}Z: {Timing}{(CoveringLevel is { } l ? $" ({l:P0})" : "")}, {ErrorMinutes:+0.0;-0.0} min vs expected, {ActualRows:N0} rows {(VolumePlausible ? "plausible" : "implausible")}");
}
