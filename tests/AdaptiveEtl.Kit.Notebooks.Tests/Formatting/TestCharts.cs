using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Formatting;

/// <summary>Small charts for the formatter and report tests.</summary>
internal static class TestCharts
{
    public static GenericChart Line(string name = "rows_in") =>
        Plotly.NET.CSharp.Chart.Line<int, double, string>(new[] { 1, 2, 3, 4 }, new[] { 10.0, 12.5, 9.0, 14.0 }, Name: name);

    /// <summary>The distinctive header of the plotly.js source Plotly.NET ships (first line of plotly.min.js).</summary>
    public static string PlotlyJsMarker => $"plotly.js v{Charts.ChartHtml.PlotlyJsVersion}";

    /// <summary>The HTML with the inlined plotly.js loader element cut out (so that URLs inside the library are not inspected).</summary>
    public static string WithoutPlotlyJs(string html)
    {
        int start = html.IndexOf("<script type=\"text/javascript\" data-kit-plotly=", StringComparison.Ordinal);
        if (start < 0) return html;
        int end = html.IndexOf("</script>", start, StringComparison.Ordinal) + "</script>".Length;
        return html[..start] + html[end..];
    }

    public static int Count(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
