using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using AdaptiveEtl.Kit.Notebooks.Reports;
using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Charts;

/// <summary>
/// Renders Plotly.NET charts as offline HTML: a <c>&lt;div&gt;</c> holding a static SVG picture (<see cref="ChartSvg"/>, shown
/// where scripts do not run) plus a script calling <c>Plotly.newPlot</c>, which replaces the picture, with the
/// plotly.js library inlined from the copy Plotly.NET ships inside its assembly (no CDN, works without network).
/// </summary>
/// <remarks>
/// plotly.js is a UMD bundle: where require.js is loaded (Jupyter classic, some VS Code renderers) it would register as an
/// anonymous AMD module instead of defining <c>window.Plotly</c>. The inlined loader therefore runs it in a function whose
/// local <c>define</c>, <c>module</c> and <c>exports</c> are undefined, so it always sets <c>window.Plotly</c> and leaves
/// require.js untouched; chart scripts wait (briefly) for <c>window.Plotly</c>, so output order does not matter.
/// </remarks>
public static class ChartHtml
{
    private static readonly Lazy<string> Source = new(LoadPlotlyJs);
    private static readonly Lazy<string> LoaderScript = new(BuildPlotlyJsScript);

    /// <summary>Version of the inlined plotly.js (the one Plotly.NET was built against).</summary>
    public static string PlotlyJsVersion => Globals.PLOTLYJS_VERSION;

    /// <summary>The minified plotly.js source embedded in Plotly.NET's assembly.</summary>
    public static string PlotlyJs => Source.Value;

    /// <summary>
    /// A <c>&lt;script&gt;</c> element that defines <c>window.Plotly</c> from the inlined source (about 3.6 MB), unless it is
    /// already defined. Put it once per page before or after the charts.
    /// </summary>
    public static string PlotlyJsScript() => LoaderScript.Value;

    private static string BuildPlotlyJsScript()
    {
        var sb = new StringBuilder(PlotlyJs.Length + 512);
        sb.Append(CultureInfo.InvariantCulture, $"<script type=\"text/javascript\" data-kit-plotly=\"{PlotlyJsVersion}\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"/* plotly.js {PlotlyJsVersion} (MIT licence, (c) Plotly, Inc.), inlined by AdaptiveEtl.Kit for offline use. */\n");
        sb.Append("(function () { if (window.Plotly) { return; } var define = undefined, module = undefined, exports = undefined;\n");
        sb.Append(PlotlyJs);
        sb.Append("\n}).call(window);\n</script>");
        return sb.ToString();
    }

    /// <summary>
    /// Renders a chart as an HTML fragment: optionally the plotly.js loader (<see cref="PlotlyJsScript"/>), then a
    /// <c>&lt;div&gt;</c> and the script that draws the chart into it.
    /// </summary>
    /// <param name="chart">The chart.</param>
    /// <param name="includePlotlyJs">True to inline plotly.js (standalone fragments, the first chart of a page).</param>
    public static string ToHtml(GenericChart chart, bool includePlotlyJs)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var sb = new StringBuilder();
        if (includePlotlyJs) sb.Append(PlotlyJsScript()).Append('\n');
        AppendChart(sb, chart);
        return sb.ToString();
    }

    /// <summary>A complete, self-contained HTML document showing the chart (plotly.js inlined).</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="title">Document title; defaults to "Chart".</param>
    public static string ToDocument(GenericChart chart, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(title ?? "Chart")}</title>\n");
        sb.Append(PlotlyJsScript()).Append("\n</head>\n<body style=\"margin:16px;font-family:");
        sb.Append(WebUtility.HtmlEncode(ChartStyle.FontFamily)).Append("\">\n");
        AppendChart(sb, chart);
        sb.Append("\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>
    /// Saves the chart as a standalone offline HTML file (see <see cref="ToDocument"/>), written to a temporary file in the
    /// target folder and then moved over <paramref name="path"/>, so readers never see a half-written file.
    /// </summary>
    /// <returns>The full path written.</returns>
    public static string SaveStandalone(GenericChart chart, string path, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var html = ToDocument(chart, title ?? Path.GetFileNameWithoutExtension(path));
        return AtomicFile.Write(path, writer => writer.Write(html));
    }

    /// <summary>The chart's figure (data, layout, config) as JSON that is safe inside a script element.</summary>
    internal static string FigureJson(GenericChart chart) =>
        // '<' only occurs inside JSON strings, where \u003c is equivalent; this rules out "</script>" or "<!--" in a title.
        GenericChart.toJson(chart).Replace("<", "\\u003c", StringComparison.Ordinal);

    private static void AppendChart(StringBuilder sb, GenericChart chart)
    {
        string id = "kit-chart-" + Guid.NewGuid().ToString("N");
        // the static SVG is the div's content until plotly.js draws (and stays where scripts do not run, e.g. on GitHub)
        sb.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}\" class=\"kit-chart\">").Append(ChartSvg.ToSvg(chart, standalone: false)).Append("</div>\n");
        sb.Append("<script type=\"text/javascript\">\n(function () {\n");
        sb.Append(CultureInfo.InvariantCulture, $"  var id = \"{id}\";\n");
        sb.Append("  var figure = ").Append(FigureJson(chart)).Append(";\n");
        sb.Append("""
              function draw() { var el = document.getElementById(id); if (el) { el.innerHTML = ""; } window.Plotly.newPlot(id, figure.data, figure.layout, figure.config || {}); }
              if (window.Plotly) { draw(); return; }
              var waited = 0;
              var timer = setInterval(function () {
                if (window.Plotly) { clearInterval(timer); draw(); }
                else if ((waited += 100) >= 20000) {
                  clearInterval(timer);
                  var el = document.getElementById(id);
                  if (el) { el.title = "static picture: plotly.js is not loaded on this page (render the chart with ChartHtml.ToHtml(chart, includePlotlyJs: true) or set KitFormatters.AlwaysIncludePlotlyJs = true)"; }
                }
              }, 100);
            })();
            </script>
            """);
    }

    private static string LoadPlotlyJs()
    {
        var assembly = typeof(GenericChart).Assembly;
        string name = $"Plotly.NET.plotly-{Globals.PLOTLYJS_VERSION}.min.js";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? FindResource(assembly)
            ?? throw new InvalidOperationException($"plotly.js is not embedded in {assembly.GetName().Name} {assembly.GetName().Version} (looked for resource '{name}'); the kit needs Plotly.NET 6, which ships it.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static Stream? FindResource(Assembly assembly) =>
        assembly.GetManifestResourceNames().FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            is { } other ? assembly.GetManifestResourceStream(other) : null;
}
