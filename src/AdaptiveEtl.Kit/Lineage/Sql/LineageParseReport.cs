using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Reporting;

namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>The result of parsing a log or script: lineage of every parsed statement and the statements skipped, with why.</summary>
public sealed class LineageParseReport : IHtmlReportable
{
    internal LineageParseReport(IReadOnlyList<StatementLineage> statements, IReadOnlyList<SqlParseFailure> failures)
    {
        Statements = statements;
        Failures = failures;
    }

    /// <summary>Lineage of the statements that parsed.</summary>
    public IReadOnlyList<StatementLineage> Statements { get; }

    /// <summary>Statements that were skipped (unparseable, or without data flow such as DDL).</summary>
    public IReadOnlyList<SqlParseFailure> Failures { get; }

    /// <summary>Statements that got table-level lineage only (<see cref="LineageLevel.Table"/>: DuckDB's parser rejected them).</summary>
    public IReadOnlyList<StatementLineage> TableLevelOnly => Statements.Where(s => s.Level == LineageLevel.Table).ToList();

    /// <summary>Total statements seen.</summary>
    public int Total => Statements.Count + Failures.Count;

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<div style=\"font-family:sans-serif;font-size:13px\">");
        sb.Append($"<p><b>{Statements.Count}</b> of {Total} statements parsed ({TableLevelOnly.Count} at table level only); <b>{Failures.Count}</b> skipped.</p>");
        sb.Append("<table style=\"border-collapse:collapse\"><tr><th style=\"text-align:left;padding:2px 8px\">kind</th><th style=\"text-align:right;padding:2px 8px\">statements</th><th style=\"text-align:right;padding:2px 8px\">output columns</th></tr>");
        foreach (var g in Statements.GroupBy(s => s.Kind).OrderBy(g => g.Key))
            sb.Append($"<tr><td style=\"padding:2px 8px\">{g.Key}</td><td style=\"text-align:right;padding:2px 8px\">{g.Count()}</td><td style=\"text-align:right;padding:2px 8px\">{g.Sum(s => s.Columns.Count)}</td></tr>");
        sb.Append("</table>");
        if (Failures.Count > 0)
        {
            sb.Append("<p><b>Skipped statements</b></p><table style=\"border-collapse:collapse\"><tr><th style=\"text-align:left;padding:2px 8px\">#</th><th style=\"text-align:left;padding:2px 8px\">reason</th><th style=\"text-align:left;padding:2px 8px\">at</th><th style=\"text-align:left;padding:2px 8px\">statement</th></tr>");
            foreach (var f in Failures)
                sb.Append($"<tr><td style=\"padding:2px 8px\">{f.Index}</td><td style=\"padding:2px 8px;color:#b00\">{WebUtility.HtmlEncode(f.Reason)}</td><td style=\"padding:2px 8px\">{f.Position?.ToString() ?? ""}</td><td style=\"padding:2px 8px;font-family:monospace\">{WebUtility.HtmlEncode(f.Excerpt)}</td></tr>");
            sb.Append("</table>");
        }
        sb.Append("</div>");
        return sb.ToString();
    }
}
