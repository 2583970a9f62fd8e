using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Notebooks.Formatting;
using AdaptiveEtl.Kit.Reporting;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;
using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Reports;

/// <summary>
/// A self-contained, offline HTML report built fluently: headings (with a table of contents), paragraphs, code, the kit's
/// results, Plotly charts and tables. plotly.js is inlined once in the page head when the report has a chart; styles are
/// inline; nothing is loaded from the network. <see cref="Save"/> writes atomically.
/// </summary>
/// <example>
/// <code>
/// new HtmlReport("Drift of customers")
///     .Heading("Summary").Paragraph("3 of 11 columns drifted.").Add(driftReport)
///     .Heading("Age").Chart(ageChart)
///     .Heading("Sample").Table(frame)
///     .Save("out/drift.html");
/// </code>
/// </example>
public sealed class HtmlReport
{
    private readonly List<Action<TextWriter>> blocks = [];
    private readonly List<(int Level, string Text, string Anchor)> headings = [];

    /// <summary>Creates an empty report.</summary>
    /// <param name="title">Page title and top heading (plain text; escaped).</param>
    /// <param name="subtitle">Optional line under the title (plain text; escaped).</param>
    public HtmlReport(string title, string? subtitle = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
        Subtitle = subtitle;
    }

    /// <summary>The report title.</summary>
    public string Title { get; }

    /// <summary>The line under the title, if any.</summary>
    public string? Subtitle { get; }

    /// <summary>Number of charts added.</summary>
    public int ChartCount { get; private set; }

    /// <summary>Adds a section heading; levels 2 and 3 are listed in the table of contents.</summary>
    /// <param name="text">Heading text (plain text; escaped).</param>
    /// <param name="level">2 (section), 3 (subsection) or 4.</param>
    public HtmlReport Heading(string text, int level = 2)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (level is < 2 or > 4) throw new ArgumentOutOfRangeException(nameof(level), level, "Heading level must be 2, 3 or 4 (level 1 is the report title).");
        string anchor = "s" + (headings.Count + 1).ToString(CultureInfo.InvariantCulture) + "-" + Slug(text);
        headings.Add((level, text, anchor));
        blocks.Add(w => w.Write($"<h{level} id=\"{anchor}\">{Encode(text)}</h{level}>\n"));
        return this;
    }

    /// <summary>Adds a paragraph of plain text (escaped; blank lines start new paragraphs).</summary>
    public HtmlReport Paragraph(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var part in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            blocks.Add(w => w.Write($"<p>{Encode(part)}</p>\n"));
        return this;
    }

    /// <summary>Adds preformatted text such as SQL or a model description (escaped).</summary>
    public HtmlReport Code(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        blocks.Add(w => w.Write($"<pre>{Encode(text)}</pre>\n"));
        return this;
    }

    /// <summary>Adds a trusted HTML fragment as is (not escaped). It must be self-contained: no external resources.</summary>
    public HtmlReport Html(string fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        blocks.Add(w => w.Write($"<div class=\"kit-block\">{fragment}</div>\n"));
        return this;
    }

    /// <summary>Adds a kit result rendered by its <see cref="IHtmlReportable.ToHtml"/> (called when the report is written).</summary>
    public HtmlReport Add(IHtmlReportable result)
    {
        ArgumentNullException.ThrowIfNull(result);
        blocks.Add(w => w.Write($"<div class=\"kit-block\">{result.ToHtml()}</div>\n"));
        return this;
    }

    /// <summary>Adds a Plotly chart, optionally with a caption (plain text; escaped).</summary>
    public HtmlReport Chart(GenericChart chart, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ChartCount++;
        blocks.Add(w =>
        {
            w.Write("<figure class=\"kit-figure\">\n");
            w.Write(ChartHtml.ToHtml(chart, includePlotlyJs: false));
            if (caption is not null) w.Write($"<figcaption>{Encode(caption)}</figcaption>\n");
            w.Write("</figure>\n");
        });
        return this;
    }

    /// <summary>Adds a DataFrame as a table of its first <paramref name="maxRows"/> rows with shape and column types.</summary>
    public HtmlReport Table(DataFrame frame, int maxRows = 50)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        blocks.Add(w => w.Write($"<div class=\"kit-block kit-scroll\">{DataFrameHtml.ToHtml(frame, maxRows)}</div>\n"));
        return this;
    }

    /// <summary>Adds a table schema (columns, kinds, nullability, sensitivity).</summary>
    public HtmlReport Table(TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        blocks.Add(w => w.Write($"<div class=\"kit-block\">{TableSchemaHtml.ToHtml(schema)}</div>\n"));
        return this;
    }

    /// <summary>The complete HTML document.</summary>
    public string ToHtml()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    /// <summary>Writes the complete HTML document to <paramref name="writer"/>.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write($"<meta name=\"generator\" content=\"AdaptiveEtl.Kit\">\n<title>{Encode(Title)}</title>\n");
        writer.Write("<style>\n");
        writer.Write(Css);
        writer.Write("</style>\n");
        if (ChartCount > 0) writer.Write(ChartHtml.PlotlyJsScript() + "\n");
        writer.Write("</head>\n<body>\n<main>\n");
        writer.Write($"<header><h1>{Encode(Title)}</h1>\n");
        if (Subtitle is not null) writer.Write($"<p class=\"kit-subtitle\">{Encode(Subtitle)}</p>\n");
        writer.Write("</header>\n");
        if (headings.Count(h => h.Level <= 3) >= 2)
        {
            writer.Write("<nav class=\"kit-toc\"><strong>Contents</strong>\n<ul>\n");
            foreach (var (level, text, anchor) in headings.Where(h => h.Level <= 3))
                writer.Write($"<li class=\"kit-toc-{level}\"><a href=\"#{anchor}\">{Encode(text)}</a></li>\n");
            writer.Write("</ul></nav>\n");
        }
        foreach (var block in blocks) block(writer);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"<footer>Generated by AdaptiveEtl.Kit on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.</footer>\n"));
        writer.Write("</main>\n</body>\n</html>\n");
    }

    /// <summary>
    /// Saves the report to <paramref name="path"/> atomically: it is written to a temporary file in the same folder and moved
    /// over the target only when complete, so a failure (e.g. a result that cannot render) leaves any previous file intact.
    /// </summary>
    /// <returns>The full path written.</returns>
    public string Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return AtomicFile.Write(path, WriteTo);
    }

    /// <inheritdoc />
    public override string ToString() => $"HtmlReport '{Title}': {blocks.Count} blocks, {headings.Count} headings, {ChartCount} charts";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            if (sb.Length >= 40) break;
        }
        return sb.ToString().Trim('-');
    }

    private const string Css = """
        body { margin: 0; background: #fafafa; color: #222; font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 14px; line-height: 1.5; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 32px; background: #fff; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #e5e5e5; }
        h3 { font-size: 16px; margin: 24px 0 6px; }
        h4 { font-size: 14px; margin: 16px 0 4px; }
        .kit-subtitle { color: #666; margin: 0 0 16px; }
        .kit-toc { background: #f4f6f8; border-left: 3px solid #0072B2; padding: 8px 16px; margin: 16px 0; }
        .kit-toc ul { margin: 4px 0; padding-left: 18px; }
        .kit-toc-3 { margin-left: 16px; list-style: circle; }
        .kit-toc a { color: #0072B2; text-decoration: none; }
        .kit-block { margin: 12px 0; }
        .kit-scroll { overflow-x: auto; }
        .kit-figure { margin: 16px 0; }
        .kit-figure figcaption { color: #666; font-size: 12px; }
        pre { background: #f6f8fa; padding: 8px 12px; overflow-x: auto; font-size: 12px; }
        table { border-collapse: collapse; }
        footer { margin-top: 40px; color: #888; font-size: 12px; border-top: 1px solid #eee; padding-top: 8px; }

        """;
}
