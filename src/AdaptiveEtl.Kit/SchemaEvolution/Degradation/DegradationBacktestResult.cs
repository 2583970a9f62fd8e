using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// The outcome of a <see cref="DegradationBacktest"/>: every out-of-sample prediction, the alarm metrics (precision, recall,
/// F1 at <see cref="DegradationOptions.AlarmProbability"/>), the Brier score of the probabilities, and per degraded family
/// how many periods ahead the first alarm came.
/// </summary>
public sealed class DegradationBacktestResult : IHtmlReportable
{
    internal DegradationBacktestResult(string model, DegradationOptions options, IReadOnlyList<DegradationPrediction> predictions,
        IReadOnlyList<DegradationLeadTime> leadTimes, int origins)
    {
        Model = model;
        Options = options;
        Predictions = predictions;
        LeadTimes = leadTimes;
        Origins = origins;
        foreach (var p in predictions)
        {
            bool alarm = p.Probability >= options.AlarmProbability;
            if (alarm && p.Label == true) TruePositives++;
            else if (alarm) FalsePositives++;
            else if (p.Label == true) FalseNegatives++;
            else TrueNegatives++;
        }
        Brier = predictions.Count == 0 ? double.NaN : predictions.Average(p => Math.Pow(p.Probability - (p.Label == true ? 1 : 0), 2));
    }

    /// <summary>The model's name.</summary>
    public string Model { get; }

    /// <summary>The options the backtest ran with.</summary>
    public DegradationOptions Options { get; }

    /// <summary>Number of rolling origins that were trained and tested.</summary>
    public int Origins { get; }

    /// <summary>Every out-of-sample prediction (all with a known label), by origin then family.</summary>
    public IReadOnlyList<DegradationPrediction> Predictions { get; }

    /// <summary>Per family that degraded after the first origin: onset and first alarm.</summary>
    public IReadOnlyList<DegradationLeadTime> LeadTimes { get; }

    /// <summary>Alarms whose family degraded within the horizon.</summary>
    public int TruePositives { get; }

    /// <summary>Alarms whose family did not degrade within the horizon.</summary>
    public int FalsePositives { get; }

    /// <summary>Missed degradations.</summary>
    public int FalseNegatives { get; }

    /// <summary>Correct silences.</summary>
    public int TrueNegatives { get; }

    /// <summary>TP / (TP + FP); 0 without alarms.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : TruePositives / (double)(TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); 0 without degraded cases.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : TruePositives / (double)(TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Mean squared error of the probabilities against the 0/1 outcome (lower is better).</summary>
    public double Brier { get; }

    /// <summary>Mean warning in periods over the degraded families that were caught, or null when none was.</summary>
    public double? MeanLeadTime => LeadTimes.Where(l => l.Periods is not null).Select(l => (double)l.Periods!.Value).DefaultIfEmpty(double.NaN).Average() is var m && double.IsNaN(m) ? null : m;

    /// <summary>Share of degraded families that got an alarm before their onset.</summary>
    public double FamilyRecall => LeadTimes.Count == 0 ? 0 : LeadTimes.Count(l => l.Periods is not null) / (double)LeadTimes.Count;

    /// <summary>A card with the alarm metrics and one row per degraded family (onset, first alarm, lead time).</summary>
    public string ToHtml()
    {
        const string cell = "border-bottom:1px solid #eee;padding:3px 8px;text-align:left";
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<div class=\"kit-degradation-backtest\" style=\"font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:12px\">");
        sb.Append(c, $"<div style=\"font-weight:bold\">{WebUtility.HtmlEncode(Model)} backtest: {Origins} origins, {Predictions.Count} out-of-sample predictions (threshold {Options.Threshold:0.##} × baseline, horizon {Options.Horizon})</div>");
        sb.Append(c, $"<div>precision <b>{Precision:P1}</b> · recall <b>{Recall:P1}</b> · F1 <b>{F1:F3}</b> · Brier {Brier:F4} · TP {TruePositives} FP {FalsePositives} FN {FalseNegatives} TN {TrueNegatives}</div>");
        sb.Append(c, $"<div>caught {LeadTimes.Count(l => l.Periods is not null)} of {LeadTimes.Count} degrading families{(MeanLeadTime is { } m ? string.Create(c, $", mean lead time {m:F1} periods") : "")}</div>");
        sb.Append("<table style=\"border-collapse:collapse\"><thead><tr>");
        foreach (var h in new[] { "family", "onset", "first alarm", "lead time" }) sb.Append(c, $"<th style=\"{cell};border-bottom:1px solid #999\">{h}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var l in LeadTimes)
            sb.Append(c, $"<tr><td style=\"{cell}\">{WebUtility.HtmlEncode(l.Family)}</td><td style=\"{cell}\">{l.Onset}</td><td style=\"{cell}\">{(l.FirstAlarm?.ToString(c) ?? "missed")}</td><td style=\"{cell}\">{(l.Periods?.ToString(c) ?? "–")}</td></tr>");
        sb.Append("</tbody></table></div>");
        return sb.ToString();
    }

    /// <summary>One line: model, precision, recall, F1, Brier, lead time.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"{Model}: precision {Precision:F3}, recall {Recall:F3}, F1 {F1:F3}, Brier {Brier:F4} over {Predictions.Count} predictions ({Origins} origins); ");
        sb.Append(c, $"caught {LeadTimes.Count(l => l.Periods is not null)}/{LeadTimes.Count} degrading families");
        if (MeanLeadTime is { } lead) sb.Append(c, $", mean lead time {lead:F1} periods");
        return sb.ToString();
    }
}
