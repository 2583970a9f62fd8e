using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Notebooks.Charts;
using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Formatting;

public sealed class ChartHtmlTests
{
    [Fact]
    public void SaveStandaloneWritesAnOfflineDocumentAtomically()
    {
        var folder = Directory.CreateTempSubdirectory("kit-chart-");
        try
        {
            var path = Path.Combine(folder.FullName, "nested", "volume.html");
            var written = ChartHtml.SaveStandalone(TestCharts.Line(), path, "Volume <forecast>");
            Assert.Equal(Path.GetFullPath(path), written);
            string html = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Contains("<title>Volume &lt;forecast&gt;</title>", html);
            Assert.Equal(1, TestCharts.Count(html, TestCharts.PlotlyJsMarker));
            Assert.Contains("Plotly.newPlot", html);
            Assert.EndsWith("</html>\n", html);
            Assert.Equal(["volume.html"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void FragmentWithoutPlotlyJsIsSmall()
    {
        string html = ChartHtml.ToHtml(TestCharts.Line(), includePlotlyJs: false);
        Assert.True(html.Length < 20_000, $"{html.Length} characters");
        Assert.StartsWith("<div id=\"kit-chart-", html);
        Assert.True(ChartHtml.PlotlyJs.Length > 1_000_000, "the inlined plotly.js is the full minified library");
    }

    [Fact]
    public void ChartStyleAppliesTheThemeToTheLayout()
    {
        var styled = ChartStyle.Apply(TestCharts.Line(), title: "Rows per run", xTitle: "run", yTitle: "rows");
        var figure = JsonNode.Parse(GenericChart.toJson(styled))!;
        var layout = figure["layout"]!;
        Assert.Equal(ChartStyle.Width, layout["width"]!.GetValue<int>());
        Assert.Equal(ChartStyle.Height, layout["height"]!.GetValue<int>());
        Assert.Equal(ChartStyle.Palette, layout["colorway"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("Rows per run", layout["title"]!["text"]!.GetValue<string>());
        Assert.Equal("run", layout["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("rows", layout["yaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("h", layout["legend"]!["orientation"]!.GetValue<string>());
        Assert.Equal("#FFFFFF", layout["plot_bgcolor"]!.GetValue<string>());
    }
}
