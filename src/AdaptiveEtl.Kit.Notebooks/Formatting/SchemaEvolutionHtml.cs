using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.Notebooks.Formatting;

/// <summary>
/// HTML tables for schema evolution: recommendations with their evidence, and degradation risks per query family.
/// Registered by <see cref="KitFormatters.Register"/> for arrays and lists of these types.
/// </summary>
public static class SchemaEvolutionHtml
{
    /// <summary>One row per recommendation: kind, target, expected gain, storage, risk, rationale and the evidence lines.</summary>
    public static string Recommendations(IEnumerable<SchemaRecommendation> recommendations)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        var list = recommendations.ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<table class=\"kit-recommendations\" style=\"{DataFrameHtml.TableStyle}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<caption style=\"text-align:left;font-weight:bold;padding:2px 0\">{list.Count} schema recommendation(s)</caption><thead><tr>");
        foreach (var h in new[] { "kind", "table", "columns", "expected gain", "storage", "risk", "rationale", "evidence" })
            sb.Append(CultureInfo.InvariantCulture, $"<th style=\"{DataFrameHtml.HeaderStyle}\">{h}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in list)
        {
            string riskColour = r.Risk switch { RecommendationRisk.High => ";color:#D55E00;font-weight:bold", RecommendationRisk.Medium => ";color:#E69F00", _ => "" };
            sb.Append(CultureInfo.InvariantCulture, $"<tr title=\"{Encode(r.Id)}\"><td style=\"{DataFrameHtml.CellStyle}\">{r.Kind}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(r.Table.ToString())}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(string.Join(", ", r.Columns))}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};text-align:right\">{r.ExpectedGain:P1}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};text-align:right\">{Bytes(r.EstimatedStorageBytes)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}{riskColour}\">{r.Risk}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(r.Rationale)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\"><ul style=\"margin:0;padding-left:16px\">");
            foreach (var e in r.Evidence) sb.Append("<li>").Append(Encode(e)).Append("</li>");
            sb.Append("</ul></td></tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    /// <summary>One row per family: probability of degrading within the horizon (alarms in red), state and tables read.</summary>
    /// <param name="risks">The risks, e.g. from <see cref="DegradationOutlook.Predict"/>.</param>
    /// <param name="alarmProbability">Probability from which a row is highlighted.</param>
    public static string DegradationRisks(IEnumerable<FamilyDegradationRisk> risks, double alarmProbability = 0.5)
    {
        ArgumentNullException.ThrowIfNull(risks);
        var list = risks.OrderByDescending(r => r.Probability).ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<table class=\"kit-degradation\" style=\"{DataFrameHtml.TableStyle}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<caption style=\"text-align:left;font-weight:bold;padding:2px 0\">Degradation risk: {list.Count(r => r.Probability >= alarmProbability)} of {list.Count} families at or above {alarmProbability:P0}</caption><thead><tr>");
        foreach (var h in new[] { "family", "period", "probability", "state", "tables" })
            sb.Append(CultureInfo.InvariantCulture, $"<th style=\"{DataFrameHtml.HeaderStyle}\">{h}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in list)
        {
            string alarm = r.Probability >= alarmProbability ? ";color:#D55E00;font-weight:bold" : "";
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{DataFrameHtml.CellStyle}\">{Encode(r.Family)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};text-align:right\">{r.Period}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};text-align:right{alarm}\">{r.Probability:P1}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{(r.AlreadyDegraded ? "degraded" : r.Probability >= alarmProbability ? "at risk" : "ok")}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(string.Join(", ", r.Tables))}</td></tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    /// <summary>The decision log as a table: time, recommendation, step (rejections and failures in red), detail and figures.</summary>
    public static string DecisionLog(IEnumerable<DecisionLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<table class=\"kit-decision-log\" style=\"{DataFrameHtml.TableStyle}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<caption style=\"text-align:left;font-weight:bold;padding:2px 0\">Decision log: {list.Count} entries</caption><thead><tr>");
        foreach (var h in new[] { "at (UTC)", "recommendation", "kind", "table", "step", "detail", "figures" })
            sb.Append(CultureInfo.InvariantCulture, $"<th style=\"{DataFrameHtml.HeaderStyle}\">{h}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var e in list)
        {
            string colour = e.Step switch
            {
                DecisionStep.Rejected or DecisionStep.Failed or DecisionStep.RolledBack => ";color:#D55E00;font-weight:bold",
                DecisionStep.Applied or DecisionStep.Monitored => ";color:#009E73;font-weight:bold",
                _ => "",
            };
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{DataFrameHtml.CellStyle}\">{e.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(e.RecommendationId)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(e.Kind)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(e.Table)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}{colour}\">{e.Step}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};white-space:normal;max-width:520px\">{Encode(e.Detail)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(string.Join(", ", e.Figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}={f.Value:G4}"))))}</td></tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);

    private static string Bytes(long bytes)
    {
        double a = Math.Abs((double)bytes);
        string sign = bytes < 0 ? "−" : "";
        return a switch
        {
            >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{sign}{a / (1L << 30):F1} GiB"),
            >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{sign}{a / (1L << 20):F1} MiB"),
            >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{sign}{a / (1L << 10):F1} KiB"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{sign}{a:F0} B"),
        };
    }
}
