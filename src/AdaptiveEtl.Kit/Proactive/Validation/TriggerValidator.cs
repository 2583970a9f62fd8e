using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Proactive.Validation;

/// <summary>Judges an actual trigger against the <see cref="TriggerPrediction"/> that the loop acted on.</summary>
public static class TriggerValidator
{
    /// <summary>The verdict for a trigger at <paramref name="actualTrigger"/> bringing <paramref name="rows"/> rows and <paramref name="bytes"/> bytes.</summary>
    public static TriggerVerdict Validate(TriggerPrediction prediction, DateTimeOffset actualTrigger, long rows, long bytes)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (rows < 0 || bytes < 0) throw new KitDataException($"a trigger cannot bring negative volume ({rows} rows, {bytes} bytes).", prediction.Pipeline);
        var byLevel = prediction.Intervals.OrderBy(i => i.Level).ToArray();
        var covering = byLevel.FirstOrDefault(w => actualTrigger >= w.From && actualTrigger <= w.To);
        TriggerTiming timing;
        if (covering is not null) timing = ReferenceEquals(covering, byLevel[0]) ? TriggerTiming.InWindow : TriggerTiming.InWiderWindow;
        else timing = actualTrigger < byLevel.Min(w => w.From) ? TriggerTiming.Early : TriggerTiming.Late;
        double? rowsLevel = Narrowest(prediction.Rows.Intervals, rows);
        double? bytesLevel = Narrowest(prediction.Bytes.Intervals, bytes);
        var widestRows = prediction.Rows.Intervals.MaxBy(i => i.Level);
        bool plausible = widestRows is not null && rows >= widestRows.Lower && rows <= widestRows.Upper;
        return new TriggerVerdict(prediction.Pipeline, prediction.AsOf, actualTrigger, prediction.ExpectedTrigger, timing, covering?.Level,
            (actualTrigger - prediction.ExpectedTrigger).TotalMinutes, rows, bytes, rowsLevel, bytesLevel, plausible);
    }

    private static double? Narrowest(IReadOnlyList<VolumeInterval> intervals, double value) =>
        intervals.OrderBy(i => i.Level).FirstOrDefault(i => value >= i.Lower && value <= i.Upper)?.Level;
}
