using System.Reflection;
using System.Runtime.CompilerServices;
using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Notebooks.Formatting;
using AdaptiveEtl.Kit.Reporting;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Formatting;

[Collection(FormatterCollection.Name)]
public sealed class KitFormattersTests
{
    public KitFormattersTests() => KitFormatters.Register();

    private sealed class Verdict : IHtmlReportable
    {
        public string ToHtml() => "<div class=\"verdict\">no drift &amp; no alerts</div>";
        public override string ToString() => "no drift";
    }

    private sealed class DriftTable : IHtmlReportable, IEnumerable<int>
    {
        public string ToHtml() => "<table class=\"drift\"></table>";
        public IEnumerator<int> GetEnumerator() => Enumerable.Range(0, 3).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public void ReportableCollectionsUseTheirOwnHtmlNotTheListFormatter()
    {
        Assert.Equal("<table class=\"drift\"></table>", Formatter.ToDisplayString(new DriftTable(), "text/html"));
    }

    [Fact]
    public void FirstChartInlinesPlotlyJsOnceThenOnlyDraws()
    {
        KitFormatters.ResetPlotlyInclusion();
        string first = Formatter.ToDisplayString(TestCharts.Line(), "text/html");
        string second = Formatter.ToDisplayString(TestCharts.Line("bytes_in"), "text/html");

        Assert.Contains("Plotly.newPlot", first);
        Assert.Contains("Plotly.newPlot", second);
        Assert.Contains(ChartHtml.PlotlyJs, first);
        Assert.Equal(1, TestCharts.Count(first, TestCharts.PlotlyJsMarker));
        Assert.DoesNotContain(TestCharts.PlotlyJsMarker, second);
        Assert.Contains("\"bytes_in\"", second);

        // Offline: apart from URLs inside the plotly.js library itself, nothing points to a CDN or the network.
        foreach (var html in new[] { TestCharts.WithoutPlotlyJs(first), second })
        {
            Assert.DoesNotContain("https://", html);
            Assert.DoesNotContain("http://", html);
            Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" src=", html);
        }
    }

    [Fact]
    public void AlwaysIncludeInlinesPlotlyJsInEveryChart()
    {
        KitFormatters.AlwaysIncludePlotlyJs = true;
        try
        {
            Formatter.ToDisplayString(TestCharts.Line(), "text/html");
            Assert.Contains(TestCharts.PlotlyJsMarker, Formatter.ToDisplayString(TestCharts.Line(), "text/html"));
        }
        finally
        {
            KitFormatters.AlwaysIncludePlotlyJs = false;
        }
    }

    [Fact]
    public void PlotlyLoaderIsSafeUnderRequireJs()
    {
        string script = ChartHtml.PlotlyJsScript();
        // plotly.min.js is UMD: with a global AMD define it would not set window.Plotly; the loader shadows define/module/exports.
        Assert.Contains("var define = undefined, module = undefined, exports = undefined;", script);
        Assert.Contains("if (window.Plotly) { return; }", script);
        Assert.StartsWith("<script", script);
        Assert.Equal(1, TestCharts.Count(script, "</script>"));
    }

    [Fact]
    public void ChartTextCannotBreakOutOfTheScriptElement()
    {
        var chart = Plotly.NET.Chart.withTitle("</script><script>alert(1)</script>", null).Invoke(TestCharts.Line());
        string html = ChartHtml.ToHtml(chart, includePlotlyJs: false);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("\\u003c/script>\\u003cscript>alert(1)", html);
        Assert.Equal(1, TestCharts.Count(html, "</script>"));
    }

    [Fact]
    public void RegisterIsIdempotentAndSurvivesAReset()
    {
        KitFormatters.Register();
        KitFormatters.Register();
        Assert.Equal(1, Formatter.RegisteredFormatters(false).Count(f => f.Type == typeof(GenericChart) && f.MimeType == "text/html"));

        Formatter.ResetToDefault();
        Assert.False(KitFormatters.IsRegistered);
        KitFormatters.Register();
        Assert.True(KitFormatters.IsRegistered);
        Assert.Contains("Plotly.newPlot", Formatter.ToDisplayString(TestCharts.Line(), "text/html"));
    }

    [Fact]
    public void ModuleInitializerRegistersTheFormatters()
    {
        var initializer = typeof(KitFormatters).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.GetCustomAttribute<ModuleInitializerAttribute>() is not null);
        Formatter.ResetToDefault();
        try
        {
            initializer.Invoke(null, null);
            Assert.True(KitFormatters.IsRegistered);
        }
        finally
        {
            KitFormatters.Register();
        }
    }

    [Fact]
    public void DataFrameShowsShapeTypesAndFirstRows()
    {
        var frame = new DataFrame(
            new Int32DataFrameColumn("run_id", Enumerable.Range(1, 30)),
            new StringDataFrameColumn("pipeline", Enumerable.Range(1, 30).Select(i => i == 2 ? "<b>bold</b>" : i == 3 ? null : "orders_daily")),
            new DoubleDataFrameColumn("rate", Enumerable.Range(1, 30).Select(i => (double?)(i / 3.0))));
        string html = Formatter.ToDisplayString(frame, "text/html");
        Assert.Contains("30 rows × 3 columns", html);
        Assert.Contains("run_id", html);
        Assert.Contains("Int32", html);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>bold", html);
        Assert.Contains(">null<", html);
        Assert.Contains("0.333333", html);  // 1/3 in G6
        Assert.Contains($"… {30 - KitFormatters.MaxRows} more rows", html);
        Assert.Equal(KitFormatters.MaxRows, TestCharts.Count(html, "<tr><td") );

        string text = Formatter.ToDisplayString(frame, "text/plain");
        Assert.StartsWith("DataFrame: 30 rows × 3 columns (run_id: Int32, pipeline: string, rate: Double)", text);
    }

    [Fact]
    public void HtmlReportablesAndSchemasRenderThemselves()
    {
        Assert.Equal("<div class=\"verdict\">no drift &amp; no alerts</div>", Formatter.ToDisplayString(new Verdict(), "text/html"));
        Assert.Equal("no drift", Formatter.ToDisplayString(new Verdict(), "text/plain"));

        var schema = new TableSchema("customers", [new ColumnSchema("email", ColumnKind.Text, Sensitive: true), new ColumnSchema("age", ColumnKind.Integer, Nullable: false)]);
        string html = Formatter.ToDisplayString(schema, "text/html");
        Assert.Contains("Schema customers: 2 columns", html);
        Assert.Contains(">email<", html);
        Assert.Contains(">Integer<", html);
        Assert.Contains("sensitive</td>", html);
        Assert.Equal(schema.ToString(), Formatter.ToDisplayString(schema, "text/plain"));
    }
}
