using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Notebooks.Reports;
using AdaptiveEtl.Kit.Notebooks.Tests.Formatting;
using AdaptiveEtl.Kit.Reporting;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Reports;

public sealed class HtmlReportTests
{
    private sealed class Fragment(string html) : IHtmlReportable
    {
        public string ToHtml() => html;
    }

    private sealed class Broken : IHtmlReportable
    {
        public string ToHtml() => throw new InvalidOperationException("cannot render");
    }

    [Fact]
    public void TwoChartsInlinePlotlyJsExactlyOnce()
    {
        string html = new HtmlReport("Volumes")
            .Heading("Orders").Chart(TestCharts.Line("orders"), "Rows per day")
            .Heading("Clicks").Chart(TestCharts.Line("clicks"))
            .ToHtml();
        Assert.Equal(1, TestCharts.Count(html, TestCharts.PlotlyJsMarker));
        Assert.Equal(2, TestCharts.Count(html, "Plotly.newPlot(id"));
        Assert.True(html.IndexOf(TestCharts.PlotlyJsMarker, StringComparison.Ordinal) < html.IndexOf("<body>", StringComparison.Ordinal), "plotly.js is loaded in the head");
        Assert.Contains("<figcaption>Rows per day</figcaption>", html);
        Assert.Equal(1, TestCharts.Count(html, "data-kit-plotly="));
        var outsideLibrary = TestCharts.WithoutPlotlyJs(html);
        Assert.DoesNotContain("https://", outsideLibrary);
        Assert.DoesNotContain(" src=", outsideLibrary);
    }

    [Fact]
    public void ReportWithoutChartsDoesNotCarryPlotlyJs()
    {
        string html = new HtmlReport("Schema check").Paragraph("All columns match.").ToHtml();
        Assert.DoesNotContain(TestCharts.PlotlyJsMarker, html);
        Assert.True(html.Length < 10_000);
    }

    [Fact]
    public void TextIsEscapedButHtmlFragmentsAreKept()
    {
        string html = new HtmlReport("Drift <script>alert('x')</script>", subtitle: "a & b")
            .Heading("Why <b>?</b>")
            .Paragraph("rows < 10 & bytes > 5\n\nsecond <i>paragraph</i>")
            .Code("SELECT * FROM t WHERE a < 3")
            .Html("<em>trusted</em>")
            .Add(new Fragment("<table><tr><td>ok</td></tr></table>"))
            .ToHtml();
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("<title>Drift &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</title>", html);
        Assert.Contains("<h1>Drift &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</h1>", html);
        Assert.Contains("a &amp; b", html);
        Assert.Contains("Why &lt;b&gt;?&lt;/b&gt;", html);
        Assert.Contains("<p>rows &lt; 10 &amp; bytes &gt; 5</p>", html);
        Assert.Contains("<p>second &lt;i&gt;paragraph&lt;/i&gt;</p>", html);
        Assert.Contains("<pre>SELECT * FROM t WHERE a &lt; 3</pre>", html);
        Assert.Contains("<em>trusted</em>", html);
        Assert.Contains("<table><tr><td>ok</td></tr></table>", html);
    }

    [Fact]
    public void HeadingsFormATableOfContentsWithWorkingAnchors()
    {
        var report = new HtmlReport("Forecast report")
            .Heading("Next trigger").Paragraph("…")
            .Heading("Volume forecast", level: 3)
            .Heading("Details", level: 4);
        string html = report.ToHtml();
        Assert.Contains("<nav class=\"kit-toc\">", html);
        Assert.Contains("<a href=\"#s1-next-trigger\">Next trigger</a>", html);
        Assert.Contains("<h2 id=\"s1-next-trigger\">", html);
        Assert.Contains("<a href=\"#s2-volume-forecast\">", html);
        Assert.Contains("<h3 id=\"s2-volume-forecast\">", html);
        Assert.DoesNotContain("href=\"#s3-details\"", html); // level 4 is not listed
        Assert.Throws<ArgumentOutOfRangeException>(() => report.Heading("x", level: 1));
    }

    [Fact]
    public void TablesShowFramesAndSchemas()
    {
        var frame = new DataFrame(new Int64DataFrameColumn("rows_in", Enumerable.Range(0, 80).Select(i => (long)i * 1000)));
        string html = new HtmlReport("t")
            .Table(frame, maxRows: 5)
            .Table(new TableSchema("orders", [new ColumnSchema("order_id", ColumnKind.Integer)]))
            .ToHtml();
        Assert.Contains("80 rows × 1 columns", html);
        Assert.Contains("… 75 more rows", html);
        Assert.Contains("Schema orders: 1 columns", html);
    }

    [Fact]
    public void SaveIsAtomic()
    {
        var folder = Directory.CreateTempSubdirectory("kit-report-");
        try
        {
            var path = Path.Combine(folder.FullName, "report.html");
            File.WriteAllText(path, "previous report");

            // A block that fails while the report is being written must leave the previous file untouched and no temp file behind.
            var failing = new HtmlReport("Broken").Chart(TestCharts.Line()).Add(new Broken());
            var error = Assert.Throws<InvalidOperationException>(() => failing.Save(path));
            Assert.Equal("cannot render", error.Message);
            Assert.Equal("previous report", File.ReadAllText(path));
            Assert.Equal(["report.html"], Directory.GetFiles(folder.FullName).Select(Path.GetFileName));

            var written = new HtmlReport("Good").Paragraph("done").Save(path);
            Assert.Equal(path, written);
            var html = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.EndsWith("</html>\n", html);
            Assert.Equal(["report.html"], Directory.GetFiles(folder.FullName).Select(Path.GetFileName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
