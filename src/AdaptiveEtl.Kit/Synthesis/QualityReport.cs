using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// SDMetrics-style quality report of synthetic data against real data: column shapes, column-pair trends and their
/// mean (the overall quality score), optionally with machine-learning efficacy (train on synthetic, test on real).
/// Produced by <see cref="QualityEvaluator.Evaluate(TabularData, TabularData)"/>.
/// </summary>
public sealed record QualityReport(IReadOnlyList<ColumnShapeScore> ColumnShapes, IReadOnlyList<ColumnPairScore> ColumnPairTrends) : IHtmlReportable
{
    /// <summary>Mean of the column-shape scores (NaN when there are none).</summary>
    public double ColumnShapesScore => ColumnShapes.Count == 0 ? double.NaN : ColumnShapes.Average(s => s.Score);

    /// <summary>Mean of the column-pair scores (NaN when there are fewer than two columns).</summary>
    public double ColumnPairTrendsScore => ColumnPairTrends.Count == 0 ? double.NaN : ColumnPairTrends.Average(s => s.Score);

    /// <summary>Overall quality: the mean of <see cref="ColumnShapesScore"/> and <see cref="ColumnPairTrendsScore"/> (SDMetrics QualityReport).</summary>
    public double Score => ColumnPairTrends.Count == 0 ? ColumnShapesScore : (ColumnShapesScore + ColumnPairTrendsScore) / 2;

    /// <summary>Machine-learning efficacy F1 (classifier trained on synthetic, tested on real held-out rows), when measured.</summary>
    public double? MachineLearningEfficacyF1 { get; init; }

    /// <summary>The same classifier trained on real training rows (the ceiling), when measured.</summary>
    public double? RealDataF1 { get; init; }

    /// <inheritdoc />
    public string ToHtml()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append("<div style=\"font-family:sans-serif;max-width:640px\">");
        sb.Append(CultureInfo.InvariantCulture, $"<div style=\"font-size:1.2em;font-weight:bold\">Synthetic data quality: {Score.ToString("P1", c)}</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div>Column shapes {ColumnShapesScore.ToString("P1", c)} · column-pair trends {ColumnPairTrendsScore.ToString("P1", c)}");
        if (MachineLearningEfficacyF1 is { } f1) sb.Append(CultureInfo.InvariantCulture, $" · ML efficacy F1 {f1.ToString("F3", c)}{(RealDataF1 is { } r ? $" (real data {r.ToString("F3", c)})" : "")}");
        sb.Append("</div><table style=\"border-collapse:collapse;margin-top:6px\"><tr><th style=\"text-align:left;padding:2px 8px\">column</th><th style=\"text-align:left;padding:2px 8px\">metric</th><th style=\"padding:2px 8px\">score</th></tr>");
        foreach (var s in ColumnShapes)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:2px 8px\">{WebUtility.HtmlEncode(s.Column)}</td><td style=\"padding:2px 8px\">{s.Metric}</td><td style=\"padding:2px 8px\"><div style=\"background:#e3e3e3;width:160px\"><div style=\"background:#1f77b4;color:#fff;font-size:0.8em;width:{(160 * Math.Clamp(s.Score, 0, 1)).ToString("F0", c)}px\">{s.Score.ToString("F3", c)}</div></div></td></tr>");
        sb.Append("</table>");
        var worst = ColumnPairTrends.OrderBy(p => p.Score).Take(5).ToList();
        if (worst.Count > 0)
        {
            sb.Append("<div style=\"margin-top:6px\">Weakest column pairs: ");
            sb.Append(string.Join(", ", worst.Select(p => $"{WebUtility.HtmlEncode(p.First)} × {WebUtility.HtmlEncode(p.Second)} {p.Score.ToString("F3", c)}")));
            sb.Append("</div>");
        }
        sb.Append("</div>");
        return sb.ToString();
    }
}
