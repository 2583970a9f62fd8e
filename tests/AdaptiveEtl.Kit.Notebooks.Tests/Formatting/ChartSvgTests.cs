using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Notebooks.Formatting;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Formatting;

[Collection(FormatterCollection.Name)]
public sealed class ChartSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static double Attr(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    [Fact]
    public void A_line_chart_is_a_well_formed_svg_whose_points_follow_the_data()
    {
        var doc = XDocument.Parse(ChartSvg.ToSvg(TestCharts.Line()));
        Assert.Equal("1", doc.Root!.Attribute("data-kit-traces")!.Value);
        var points = doc.Descendants(Svg + "polyline").Single().Attribute("points")!.Value.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(4, points.Length);
        // x = 1, 2, 3, 4 evenly spaced left to right
        Assert.True(points[0][0] < points[1][0] && points[1][0] < points[2][0] && points[2][0] < points[3][0]);
        Assert.Equal(points[1][0] - points[0][0], points[3][0] - points[2][0], 0.2);
        // y = 10, 12.5, 9, 14: screen y grows downwards, and the pixel gaps are proportional to the value gaps:
        // (12.5 - 10) / (14 - 10) = 0.625
        Assert.True(points[3][1] < points[1][1] && points[1][1] < points[0][1] && points[0][1] < points[2][1]);
        Assert.Equal(0.625, (points[0][1] - points[1][1]) / (points[0][1] - points[3][1]), tolerance: 0.01); // pixels are rounded to 0.1
    }

    [Fact]
    public void Grouped_columns_have_heights_proportional_to_their_values_and_a_legend()
    {
        var chart = PlotlyChart.Combine(new[]
        {
            PlotlyChart.Column<double, string, string>(new[] { 2.0, 4.0, 1.0 }, new[] { "a", "b", "c" }, Name: "first"),
            PlotlyChart.Column<double, string, string>(new[] { 3.0, 1.0, 2.0 }, new[] { "a", "b", "c" }, Name: "second <2>"),
        });
        var svg = ChartSvg.ToSvg(chart);
        var doc = XDocument.Parse(svg);
        Assert.Equal("2", doc.Root!.Attribute("data-kit-traces")!.Value);
        // the bars: rects with a fill-opacity (the frame and legend swatches have none)
        var bars = doc.Descendants(Svg + "rect").Where(r => r.Attribute("fill-opacity") is not null).ToList();
        Assert.Equal(6, bars.Count);
        // bars rise from a zero baseline, so height ∝ value: 4 / 2 = 2, 1 / 2 = 0.5 within the first trace
        Assert.Equal(2.0, Attr(bars[1], "height") / Attr(bars[0], "height"), 1);
        Assert.Equal(0.5, Attr(bars[2], "height") / Attr(bars[0], "height"), 1);
        Assert.Equal(Attr(bars[0], "y") + Attr(bars[0], "height"), Attr(bars[1], "y") + Attr(bars[1], "height"), 1);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value == "second <2>");
        Assert.DoesNotContain("<2>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_html_carries_the_svg_as_its_fallback_and_the_formatter_adds_an_svg_mime_type()
    {
        KitFormatters.Register();
        var html = ChartHtml.ToHtml(TestCharts.Line(), includePlotlyJs: false);
        Assert.Matches(new Regex("<div id=\"kit-chart-[0-9a-f]+\" class=\"kit-chart\"><svg width="), html);
        Assert.Contains("data-kit-traces=\"1\"", Formatter.ToDisplayString(TestCharts.Line(), "image/svg+xml"), StringComparison.Ordinal);
        var formatted = AdaptiveEtl.Kit.Scripting.ValueFormatter.Format(TestCharts.Line());
        Assert.Equal(["image/svg+xml", "text/html", "text/plain"], formatted.Data.Keys.Order(StringComparer.Ordinal));
    }
}
