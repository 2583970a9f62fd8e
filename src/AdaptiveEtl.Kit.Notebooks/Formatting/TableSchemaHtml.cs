using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Notebooks.Formatting;

/// <summary>Renders a <see cref="TableSchema"/> as an HTML table: one row per column with kind, nullability and sensitivity.</summary>
public static class TableSchemaHtml
{
    /// <summary>Renders the schema as a self-contained HTML fragment.</summary>
    public static string ToHtml(TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<table class=\"kit-schema\" style=\"{DataFrameHtml.TableStyle}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<caption style=\"text-align:left;font-weight:bold;padding:2px 0\">Schema {WebUtility.HtmlEncode(schema.Name)}: {schema.Columns.Count} columns</caption>");
        sb.Append(CultureInfo.InvariantCulture, $"<thead><tr><th style=\"{DataFrameHtml.HeaderStyle}\">#</th><th style=\"{DataFrameHtml.HeaderStyle}\">column</th><th style=\"{DataFrameHtml.HeaderStyle}\">kind</th><th style=\"{DataFrameHtml.HeaderStyle}\">nullable</th><th style=\"{DataFrameHtml.HeaderStyle}\">sensitive</th></tr></thead><tbody>");
        for (int i = 0; i < schema.Columns.Count; i++)
        {
            var c = schema.Columns[i];
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{DataFrameHtml.CellStyle};color:#888\">{i}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{WebUtility.HtmlEncode(c.Name)}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{c.Kind}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}\">{(c.Nullable ? "yes" : "no")}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{DataFrameHtml.CellStyle}{(c.Sensitive ? ";color:#D55E00;font-weight:bold" : "")}\">{(c.Sensitive ? "sensitive" : "")}</td></tr>");
        }
        sb.Append("</tbody></table>");
        return sb.ToString();
    }
}
