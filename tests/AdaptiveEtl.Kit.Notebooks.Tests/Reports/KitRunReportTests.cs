using System.Globalization;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Reports;

/// <summary>
/// The report <c>kit run</c> writes, read the way people and machines read it: the JSON twin against the input files and
/// against the HTML, and the HTML opened in headless Chromium, where every chart must have been drawn.
/// </summary>
public sealed class KitRunReportTests(KitRunReportFixture run) : IClassFixture<KitRunReportFixture>
{
    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    [Fact]
    public void The_json_twin_holds_the_summary_counted_from_the_inputs_and_the_checks_of_the_html()
    {
        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(File.ReadAllText(run.Json))!;
        Assert.Equal(run.Html, (string?)json["report"]);
        var drift = json["drift"]!.AsArray().Single()!;

        // Counts taken straight from the generated CSV files (no field of the customer samples is quoted).
        var summary = drift["summary"]!;
        foreach (var (side, file) in new[] { ("reference", "customers_reference.csv"), ("current", "customers_drifted.csv") })
        {
            var lines = File.ReadAllLines(Path.Combine(run.Work, "samples", file)).Where(l => l.Length > 0).ToArray();
            var header = lines[0].Split(',');
            var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
            Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
            Assert.Equal(rows.Length, (long)summary[$"{side}_rows"]!);
            Assert.Equal(header.Length, (int)summary[$"{side}_columns"]!);
            Assert.Equal(rows.Sum(r => r.Count(f => f.Length == 0)), (long)summary[$"{side}_missing"]!);
        }
        static HashSet<string> Values(string path, string column)
        {
            var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
            int i = Array.IndexOf(lines[0].Split(','), column);
            return lines.Skip(1).Select(l => l.Split(',')[i]).Where(v => v.Length > 0).ToHashSet();
        }
        int newCategories = 0, lostCategories = 0;
        foreach (var column in new[] { "country", "segment", "is_active", "churned" })
        {
            var r = Values(Path.Combine(run.Work, "samples", "customers_reference.csv"), column);
            var c = Values(Path.Combine(run.Work, "samples", "customers_drifted.csv"), column);
            newCategories += c.Except(r).Count();
            lostCategories += r.Except(c).Count();
        }
        Assert.Equal(newCategories, (int)summary["new_categories"]!);
        Assert.Equal(lostCategories, (int)summary["lost_categories"]!);

        // The same checks, in the same order and with the same statuses, as the HTML's check table.
        var rowsInHtml = Parse(File.ReadAllText(run.Html)).QuerySelectorAll("tr[data-check-status]").ToArray();
        var checks = drift["checks"]!.AsArray();
        Assert.NotEmpty(checks);
        Assert.Equal(checks.Count, rowsInHtml.Length);
        for (int i = 0; i < checks.Count; i++)
        {
            Assert.Equal((string?)checks[i]!["status"], rowsInHtml[i].GetAttribute("data-check-status"));
            Assert.Equal((string?)checks[i]!["name"], rowsInHtml[i].Children[1].TextContent);
        }
        Assert.Equal(checks.Count(k => (string?)k!["status"] == "fail"), (int)drift["checks_failed"]!);
        var share = checks.Single(k => (string?)k!["name"] == "dataset drift share")!;
        Assert.Equal((double)drift["drifted_share"]!, (double)share["value"]!);
        Assert.Equal((double)share["value"]! >= (double)share["threshold"]! ? "fail" : "pass", (string?)share["status"]);

        // Predictions carry their full windows and volumes in clock time, and the timeline chart of the HTML draws those windows.
        var timeline = Figures(File.ReadAllText(run.Html)).Single(f => ((string?)f["layout"]?["title"]?["text"])?.StartsWith("Next trigger windows", StringComparison.Ordinal) == true);
        static DateTimeOffset T(JsonNode? n) => DateTimeOffset.Parse((string)n!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        foreach (var p in json["predictions"]!.AsArray())
        {
            var pipeline = (string)p!["pipeline"]!;
            var intervals = p["prediction"]!["intervals"]!.AsArray();
            Assert.Equal(2, intervals.Count);
            foreach (var w in intervals)
            {
                Assert.True(T(w!["from"]) <= T(w["to"]));
                var level = (double)w["level"]!;
                var trace = timeline["data"]!.AsArray().Single(t => (string?)t!["name"] == string.Create(CultureInfo.InvariantCulture, $"{level:P0} window") && (string?)t["y"]![0] == pipeline)!;
                // the twin's times are whole seconds
                Assert.True(Math.Abs((T(trace["x"]![0]) - T(w["from"])).TotalSeconds) < 1, $"{pipeline} {level:P0} from");
                Assert.True(Math.Abs((T(trace["x"]![1]) - T(w["to"])).TotalSeconds) < 1, $"{pipeline} {level:P0} to");
            }
            Assert.Equal(2, p["prediction"]!["rows_in"]!["intervals"]!.AsArray().Count);
        }
    }

    /// <summary>The Plotly figures of the page, as the chart scripts hold them (<c>var figure = {…};</c>, one line each).</summary>
    private static IEnumerable<JsonNode> Figures(string html)
    {
        const string marker = "var figure = ";
        for (int i = html.IndexOf(marker, StringComparison.Ordinal); i >= 0; i = html.IndexOf(marker, i + marker.Length, StringComparison.Ordinal))
        {
            int start = i + marker.Length, end = html.IndexOf(";\n", start, StringComparison.Ordinal);
            yield return JsonNode.Parse(html[start..end])!;
        }
    }

    [Fact]
    public void Every_chart_of_the_report_renders_in_headless_Chromium()
    {
        Assert.Equal(0, run.ExitCode);
        var source = Parse(File.ReadAllText(run.Html));
        var charts = source.QuerySelectorAll("div.kit-chart").Select(d => (Id: d.Id!, Traces: int.Parse(d.QuerySelector("svg[data-kit-traces]")!.GetAttribute("data-kit-traces")!, CultureInfo.InvariantCulture))).ToArray();
        var sparklines = source.QuerySelectorAll("svg[class~='kit-sparkline']").Length;
        var lineageBoxes = source.QuerySelectorAll("svg[class~='kit-lineage'] g[data-n] rect").Length;
        Assert.True(charts.Length >= 10, $"only {charts.Length} Plotly charts in the report");
        Assert.True(sparklines >= 5, $"only {sparklines} distribution sparklines in the report");
        Assert.True(lineageBoxes > 0, "no lineage graph in the report");

        var dom = Parse(HeadlessChromium.DumpDom(run.Html));
        var failures = new List<string>();
        foreach (var (id, traces) in charts)
        {
            var div = dom.GetElementById(id);
            if (div is null) { failures.Add($"{id}: gone from the page"); continue; }
            // plotly.js replaced the static picture with its own SVG layers, one trace group per trace of the figure, each drawing something.
            if (div.QuerySelector("svg[data-kit-traces]") is not null) failures.Add($"{id}: still shows the static picture (plotly.js did not draw)");
            if (div.QuerySelector("svg[class~='main-svg']") is null) { failures.Add($"{id}: no svg.main-svg"); continue; }
            var groups = div.QuerySelectorAll("g[class~='trace']");
            if (groups.Length != traces) failures.Add($"{id}: {groups.Length} trace groups drawn, the figure has {traces}");
            if (!div.QuerySelectorAll("g[class~='trace'] path").Any(p => p.GetAttribute("d") is { Length: > 4 } d && d != "M0,0Z"))
                failures.Add($"{id}: no trace drew a shape");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        var drawnSparklines = dom.QuerySelectorAll("svg[class~='kit-sparkline']");
        Assert.Equal(sparklines, drawnSparklines.Length);
        foreach (var svg in drawnSparklines)
        {
            int bins = int.Parse(svg.GetAttribute("data-bins")!, CultureInfo.InvariantCulture);
            var bars = svg.QuerySelectorAll("rect");
            Assert.Equal(2 * bins, bars.Length);
            Assert.Contains(bars, b => double.Parse(b.GetAttribute("height")!, CultureInfo.InvariantCulture) > 0);
        }
        Assert.Equal(lineageBoxes, dom.QuerySelectorAll("svg[class~='kit-lineage'] g[data-n] rect").Length);
        Assert.All(dom.QuerySelectorAll("svg[class~='kit-lineage'] g[data-n] text"), t => Assert.False(string.IsNullOrWhiteSpace(t.TextContent)));
    }
}
