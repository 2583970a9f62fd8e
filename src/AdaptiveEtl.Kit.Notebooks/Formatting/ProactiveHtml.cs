using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Proactive.SchemaChecks;
using AdaptiveEtl.Kit.Proactive.Staging;

namespace AdaptiveEtl.Kit.Notebooks.Formatting;

/// <summary>
/// HTML tables for the proactive loop's staging state (one row per source: rows, batches, unpublished rows, bytes,
/// watermark, last staging, block) and schema-check reports (one row per change, incompatible ones in red).
/// Registered by <see cref="KitFormatters.Register"/> for <see cref="StageState"/> and <see cref="SchemaCheckReport"/>.
/// </summary>
public static class ProactiveHtml
{
    /// <summary>The staging state of one pipeline as a table; a blocked source is flagged with the change that blocks it.</summary>
    public static string StageState(StageState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<table class=\"kit-stage-state\" style=\"{DataFrameHtml.TableStyle}\">");
        string blocked = state.Blocked ? " <span style=\"color:#D55E00;font-weight:bold\">BLOCKED</span>" : "";
        sb.Append(CultureInfo.InvariantCulture,
            $"<caption style=\"text-align:left;font-weight:bold;padding:2px 0\">Staging of {Encode(state.Pipeline)}: {state.Rows:N0} row(s) in {state.Sources.Count} source(s){blocked}</caption><thead><tr>");
        foreach (var h in new[] { "source", "staging table", "rows", "unpublished", "batches", "bytes", "watermark", "last staged (UTC)", "blocked by" })
            sb.Append(CultureInfo.InvariantCulture, $"<th style=\"{DataFrameHtml.HeaderStyle}\">{h}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var s in state.Sources)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{DataFrameHtml.CellStyle}\">{Encode(s.Source)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\"><code>{Encode(s.StagingTable)}</code></td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};text-align:right\">{s.Rows:N0}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};text-align:right\">{s.UnpublishedRows:N0}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};text-align:right\">{s.Batches:N0}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};text-align:right\">{Bytes(s.Bytes)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(s.Watermark?.ToString() ?? "none")}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{(s.LastStagedAt is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "")}</td>");
            string style = s.BlockedBy is null ? "" : ";color:#D55E00;font-weight:bold;white-space:normal";
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}{style}\">{Encode(s.BlockedBy ?? "")}</td></tr>");
        }
        if (state.Sources.Count == 0)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"9\" style=\"{DataFrameHtml.CellStyle}\">nothing staged yet</td></tr>");
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    /// <summary>A schema-check report as a table: verdict in the caption, one row per change with its decision.</summary>
    public static string SchemaCheck(SchemaCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string colour = report.Verdict switch { SchemaCheckVerdict.Incompatible => "#D55E00", SchemaCheckVerdict.Compatible => "#E69F00", _ => "#009E73" };
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<table class=\"kit-schema-check\" style=\"{DataFrameHtml.TableStyle}\">");
        sb.Append(CultureInfo.InvariantCulture,
            $"<caption style=\"text-align:left;font-weight:bold;padding:2px 0\">Schema check of {Encode(report.Arriving)} against {Encode(report.Expected)}: " +
            $"<span style=\"color:{colour}\">{report.Verdict.ToString().ToLowerInvariant()}</span> ({report.Changes.Count} change(s), {report.Incompatible.Count} incompatible)</caption><thead><tr>");
        foreach (var h in new[] { "origin", "column", "change", "expected type", "arriving type", "compatible", "description", "decision" })
            sb.Append(CultureInfo.InvariantCulture, $"<th style=\"{DataFrameHtml.HeaderStyle}\">{h}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var c in report.Changes)
        {
            string style = c.Compatible ? "" : ";color:#D55E00;font-weight:bold";
            string kind = c.Kind.ToString().ToLowerInvariant() + (c.NewName is null ? "" : " → " + c.NewName);
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{DataFrameHtml.CellStyle}\">{Encode(c.Origin)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\"><code>{Encode(c.Column)}</code></td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}{style}\">{Encode(kind)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(c.ExpectedType ?? "")}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{Encode(c.ArrivingType ?? "")}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}{style}\">{(c.Compatible ? "yes" : "NO")}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};white-space:normal\">{Encode(c.Description)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle};white-space:normal\">{Encode(c.Decision)}</td></tr>");
        }
        if (report.Changes.Count == 0)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"8\" style=\"{DataFrameHtml.CellStyle}\">schema unchanged</td></tr>");
        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):F1} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
