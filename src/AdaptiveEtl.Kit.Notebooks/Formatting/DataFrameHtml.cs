using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Notebooks.Formatting;

/// <summary>Renders a <see cref="DataFrame"/> as a compact, self-contained HTML table: shape, column types and the first rows.</summary>
public static class DataFrameHtml
{
    private const int MaxCellLength = 80;
    internal const string TableStyle = "border-collapse:collapse;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:12px";
    internal const string HeaderStyle = "border-bottom:1px solid #999;padding:3px 8px;text-align:left;vertical-align:bottom";
    internal const string CellStyle = "border-bottom:1px solid #eee;padding:3px 8px;text-align:left;white-space:nowrap";
    internal const string NullHtml = "<span style=\"color:#aaa;font-style:italic\">null</span>";

    /// <summary>Renders the frame as HTML.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="maxRows">Rows shown; the rest are counted below the table.</param>
    /// <param name="maxColumns">Columns shown; the rest are listed by name below the table.</param>
    public static string ToHtml(DataFrame frame, int maxRows = 20, int maxColumns = 40)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxColumns, 1);
        long rows = frame.Rows.Count;
        int columns = frame.Columns.Count, shownColumns = Math.Min(columns, maxColumns);
        long shownRows = Math.Min(rows, maxRows);
        var sb = new StringBuilder();
        sb.Append("<div class=\"kit-dataframe\">");
        sb.Append(CultureInfo.InvariantCulture, $"<div style=\"font-family:sans-serif;font-size:12px;color:#555;margin:2px 0\">DataFrame: {rows:N0} rows × {columns:N0} columns{(shownRows < rows ? $" (first {shownRows:N0} rows shown)" : "")}</div>");
        sb.Append(CultureInfo.InvariantCulture, $"<table style=\"{TableStyle}\"><thead><tr><th style=\"{HeaderStyle}\"></th>");
        for (int c = 0; c < shownColumns; c++)
        {
            var column = frame.Columns[c];
            sb.Append(CultureInfo.InvariantCulture, $"<th style=\"{HeaderStyle}\">{WebUtility.HtmlEncode(column.Name)}<br><span style=\"color:#888;font-weight:normal\">{WebUtility.HtmlEncode(TypeName(column.DataType))}</span></th>");
        }
        sb.Append("</tr></thead><tbody>");
        for (long r = 0; r < shownRows; r++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{CellStyle};color:#888\">{r}</td>");
            for (int c = 0; c < shownColumns; c++)
                sb.Append(CultureInfo.InvariantCulture, $"<td style=\"{CellStyle}\">{CellHtml(frame.Columns[c][r])}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (shownRows < rows) sb.Append(CultureInfo.InvariantCulture, $"<div style=\"font-family:sans-serif;font-size:12px;color:#888\">… {rows - shownRows:N0} more rows</div>");
        if (shownColumns < columns)
            sb.Append(CultureInfo.InvariantCulture, $"<div style=\"font-family:sans-serif;font-size:12px;color:#888\">… {columns - shownColumns} more columns: {WebUtility.HtmlEncode(string.Join(", ", frame.Columns.Skip(shownColumns).Select(c => c.Name)))}</div>");
        sb.Append("</div>");
        return sb.ToString();
    }

    /// <summary>A one-line plain-text summary: shape and column types.</summary>
    public static string ToText(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return string.Create(CultureInfo.InvariantCulture,
            $"DataFrame: {frame.Rows.Count} rows × {frame.Columns.Count} columns ({string.Join(", ", frame.Columns.Select(c => $"{c.Name}: {TypeName(c.DataType)}"))})");
    }

    /// <summary>HTML of one cell value: null marked, numbers and dates in invariant culture, long text shortened.</summary>
    internal static string CellHtml(object? value) => value switch
    {
        null => NullHtml,
        double d => WebUtility.HtmlEncode(d.ToString("G6", CultureInfo.InvariantCulture)),
        float f => WebUtility.HtmlEncode(f.ToString("G6", CultureInfo.InvariantCulture)),
        decimal m => WebUtility.HtmlEncode(m.ToString(CultureInfo.InvariantCulture)),
        bool b => b ? "true" : "false",
        DateTime t => WebUtility.HtmlEncode(t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
        DateTimeOffset o => WebUtility.HtmlEncode(o.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)),
        IFormattable x => WebUtility.HtmlEncode(x.ToString(null, CultureInfo.InvariantCulture)),
        _ => WebUtility.HtmlEncode(Shorten(value.ToString() ?? "")),
    };

    private static string Shorten(string text) => text.Length <= MaxCellLength ? text : text[..(MaxCellLength - 1)] + "…";

    private static string TypeName(Type type) => type == typeof(string) ? "string" : type.Name;
}
