using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Triggers;

/// <summary>
/// When the next trigger of a pipeline fires and how much data it brings: the distribution of the trigger time (as hours
/// after the last trigger, conditioned on no trigger before <see cref="AsOf"/>), conformally calibrated intervals, the
/// most likely window, and the same for rows and bytes; plus the model chosen per target and its backtest metrics.
/// </summary>
public sealed class TriggerPrediction : IHtmlReportable
{
    internal TriggerPrediction(string pipeline, DateTimeOffset asOf, DateTimeOffset lastTrigger, double pointGapHours, EmpiricalDistribution gapHours,
        bool isOverdue, IReadOnlyList<TriggerWindow> intervals, TriggerWindow mostLikely, IReadOnlyList<double> quantileLevels,
        VolumePrediction rows, VolumePrediction bytes, IReadOnlyList<TargetModel> models, IReadOnlyList<(double Level, double Alpha)> aciAlphas)
    {
        Pipeline = pipeline;
        AsOf = asOf;
        LastTrigger = lastTrigger;
        PointGapHours = pointGapHours;
        GapHours = gapHours;
        IsOverdue = isOverdue;
        Intervals = intervals;
        MostLikelyWindow = mostLikely;
        Quantiles = quantileLevels.ToDictionary(p => p, p => At(gapHours.Quantile(p)));
        Rows = rows;
        Bytes = bytes;
        Models = models;
        AciAlphas = aciAlphas;
    }

    /// <summary>The pipeline.</summary>
    public string Pipeline { get; }

    /// <summary>The time the prediction was made for; only runs triggered at or before it were used.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>The last trigger at or before <see cref="AsOf"/>.</summary>
    public DateTimeOffset LastTrigger { get; }

    /// <summary>The point forecast of the next trigger, in hours after <see cref="LastTrigger"/> (for a schedule: slot + forecast offset).</summary>
    public double PointGapHours { get; }

    /// <summary>The point forecast of the next trigger time.</summary>
    public DateTimeOffset ExpectedTrigger => At(PointGapHours);

    /// <summary>Predictive distribution of the gap in hours after <see cref="LastTrigger"/>, conditioned on the trigger coming after <see cref="AsOf"/>.</summary>
    public EmpiricalDistribution GapHours { get; }

    /// <summary>True when every calibrated outcome lay before <see cref="AsOf"/>: the trigger is late, and the distribution is <see cref="AsOf"/> plus the size of past errors.</summary>
    public bool IsOverdue { get; }

    /// <summary>
    /// Conformal (ACI-adjusted) intervals of the trigger time at the requested levels, clipped to start at <see cref="AsOf"/>.
    /// When the calibration residuals are too few for a level (n residuals bound a level-1−α interval only if ⌈(n+1)(1−α)⌉ ≤ n,
    /// e.g. n ≥ 19 at 95%), the interval is unbounded and ends at <see cref="DateTimeOffset.MaxValue"/>.
    /// </summary>
    public IReadOnlyList<TriggerWindow> Intervals { get; }

    /// <summary>The highest-density window of the requested width and its probability.</summary>
    public TriggerWindow MostLikelyWindow { get; }

    /// <summary>Quantiles of the trigger time.</summary>
    public IReadOnlyDictionary<double, DateTimeOffset> Quantiles { get; }

    /// <summary>Rows the next run brings.</summary>
    public VolumePrediction Rows { get; }

    /// <summary>Bytes the next run brings.</summary>
    public VolumePrediction Bytes { get; }

    /// <summary>
    /// The model chosen per target with its backtest metrics: first the trigger-time target (<c>phase_minutes</c>, the offset
    /// from the schedule slot, for schedule-driven pipelines; <c>gap_hours</c> otherwise), then <c>rows_in</c> and <c>bytes_in</c>.
    /// </summary>
    public IReadOnlyList<TargetModel> Models { get; }

    /// <summary>The adaptive-conformal working miscoverage α_t used for each level.</summary>
    public IReadOnlyList<(double Level, double Alpha)> AciAlphas { get; }

    /// <summary>The interval at a level.</summary>
    public TriggerWindow Interval(double level) => Intervals.FirstOrDefault(i => Math.Abs(i.Level - level) < 1e-9)
        ?? throw new ArgumentException($"no {level:P0} interval; levels: {string.Join(", ", Intervals.Select(i => i.Level))}.", nameof(level));

    /// <summary>Probability that the next trigger fires within [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public double ProbabilityWithin(DateTimeOffset from, DateTimeOffset to) =>
        GapHours.Probability((from - LastTrigger).TotalHours, (to - LastTrigger).TotalHours);

    private DateTimeOffset At(double hours) => LastTrigger + TimeSpan.FromHours(hours);

    /// <summary>The prediction as JSON (what <see cref="TriggerPredictor"/> stores).</summary>
    /// <remarks>
    /// JSON has no infinity: an unbounded bound (a volume interval's <see cref="VolumeInterval.Upper"/> of +∞, a window ending at
    /// <see cref="DateTimeOffset.MaxValue"/>) and any other non-finite number is written as <c>null</c>.
    /// </remarks>
    public JsonObject ToJson()
    {
        static string T(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        static JsonObject Vol(VolumePrediction v) => new()
        {
            ["point"] = v.Point,
            ["quantiles"] = new JsonObject(v.Quantiles.Select(kv => KeyValuePair.Create(kv.Key.ToString(CultureInfo.InvariantCulture), Finite(kv.Value)))),
            ["intervals"] = new JsonArray(v.Intervals.Select(i => (JsonNode)new JsonObject { ["level"] = i.Level, ["lower"] = Finite(i.Lower), ["upper"] = Finite(i.Upper) }).ToArray()),
        };
        return new JsonObject
        {
            ["pipeline"] = Pipeline,
            ["as_of"] = T(AsOf),
            ["last_trigger"] = T(LastTrigger),
            ["expected_trigger"] = T(ExpectedTrigger),
            ["point_gap_hours"] = PointGapHours,
            ["overdue"] = IsOverdue,
            ["quantiles"] = new JsonObject(Quantiles.Select(kv => KeyValuePair.Create(kv.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)T(kv.Value)))),
            ["intervals"] = new JsonArray(Intervals.Select(i => (JsonNode)new JsonObject { ["level"] = i.Level, ["from"] = T(i.From), ["to"] = i.To == DateTimeOffset.MaxValue ? null : T(i.To) }).ToArray()),
            ["most_likely_window"] = new JsonObject { ["probability"] = MostLikelyWindow.Level, ["from"] = T(MostLikelyWindow.From), ["to"] = T(MostLikelyWindow.To) },
            ["rows_in"] = Vol(Rows),
            ["bytes_in"] = Vol(Bytes),
            ["models"] = new JsonArray(Models.Select(m => (JsonNode)new JsonObject
            {
                ["target"] = m.Target, ["model"] = m.Model, ["backtest_mase"] = Finite(m.Backtest.Mase), ["backtest_mae"] = Finite(m.Backtest.Mae),
                ["backtest_coverage"] = Finite(m.Backtest.Coverage), ["conformal_coverage"] = Finite(m.ConformalCoverage),
                ["conformal_width"] = Finite(m.ConformalWidth), ["conformal_winkler"] = Finite(m.ConformalWinkler), ["calibration_size"] = m.CalibrationSize,
            }).ToArray()),
            ["aci"] = new JsonArray(AciAlphas.Select(a => (JsonNode)new JsonObject { ["level"] = a.Level, ["alpha"] = a.Alpha }).ToArray()),
        };
    }

    private static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        string E(string s) => WebUtility.HtmlEncode(s);
        static string F(DateTimeOffset t) => t == DateTimeOffset.MaxValue ? "unbounded" : t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        sb.Append("<div style=\"font-family:sans-serif;font-size:12px;border:1px solid #ccc;border-radius:6px;padding:8px;max-width:760px\">");
        sb.Append(CultureInfo.InvariantCulture, $"<div style=\"font-weight:bold;font-size:14px\">Next trigger of {E(Pipeline)}</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>as of {F(AsOf)}; last trigger {F(LastTrigger)}{(IsOverdue ? " — <b style=\"color:#b00\">overdue</b>" : "")}</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>expected at <b>{F(ExpectedTrigger)}</b>; most likely window {F(MostLikelyWindow.From)} – {F(MostLikelyWindow.To)} (p = {MostLikelyWindow.Level:P0})</div>");
        sb.Append("<table style=\"border-collapse:collapse;margin-top:6px\"><tr><th style=\"text-align:left\">level</th><th>trigger from</th><th>trigger to</th><th>rows</th><th>bytes</th></tr>");
        for (int i = 0; i < Intervals.Count; i++)
        {
            var w = Intervals[i];
            var r = Rows.Intervals[i];
            var b = Bytes.Intervals[i];
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{w.Level:P0}</td><td>{F(w.From)}</td><td>{F(w.To)}</td><td>{r.Lower:N0} – {r.Upper:N0}</td><td>{b.Lower:N0} – {b.Upper:N0}</td></tr>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<tr><td>point</td><td colspan=\"2\">{F(ExpectedTrigger)}</td><td>{Rows.Point:N0}</td><td>{Bytes.Point:N0}</td></tr></table>");
        sb.Append("<table style=\"border-collapse:collapse;margin-top:6px\"><tr><th style=\"text-align:left\">target</th><th>model</th><th>MASE</th><th>conformal coverage</th><th>width</th><th>Winkler</th><th>calibration n</th></tr>");
        foreach (var m in Models)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(m.Target)}</td><td>{E(m.Model)}</td><td>{m.Backtest.Mase:G3}</td><td>{m.ConformalCoverage:P0}</td><td>{m.ConformalWidth:G4}</td><td>{m.ConformalWinkler:G4}</td><td>{m.CalibrationSize}</td></tr>");
        sb.Append("</table></div>");
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Pipeline}: next trigger ~{ExpectedTrigger.UtcDateTime:yyyy-MM-dd HH:mm}Z, {Intervals[0].Level:P0} window {Intervals[0].From.UtcDateTime:yyyy-MM-dd HH:mm}–{Intervals[0].To.UtcDateTime:yyyy-MM-dd HH:mm}Z, ~{Rows.Point:N0} rows");
}
