using System.Globalization;
using AdaptiveEtl.Kit.Proactive;
using Plotly.NET;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace AdaptiveEtl.Kit.Notebooks.Charts;

/// <summary>
/// Plotly.NET charts for a <see cref="ProactiveRunReport"/>: trigger→data-ready per trigger, proactive (hybrid) vs
/// reactive, and the pre-fetched bytes each trigger used or wasted. Each method returns a <see cref="GenericChart"/>
/// (display it in a notebook or render it with <c>ChartHtml.ToHtml</c>).
/// </summary>
public static class ProactiveCharts
{
    /// <summary>
    /// Timeline of every trigger of <paramref name="pipeline"/> (all pipelines when null): at each trigger time, the seconds
    /// until its data was ready with pre-fetching (proactive) and for a purely reactive run over the same inputs.
    /// </summary>
    /// <exception cref="KitDataException">The report has no trigger for the pipeline.</exception>
    public static GenericChart TriggerToReady(ProactiveRunReport report, string? pipeline = null)
    {
        var triggers = Select(report, pipeline);
        var x = triggers.Select(t => t.Trigger.UtcDateTime).ToArray();
        var summary = pipeline is null ? report.Overall : report.Summary(pipeline);
        var chart = PlotlyChart.Combine(
        [
            PlotlyChart.Line<DateTime, double, string>(x, triggers.Select(t => t.ReactiveReady.TotalSeconds), Name: "reactive",
                ShowMarkers: true, LineColor: ChartStyle.ToColor(ChartStyle.Muted), MarkerColor: ChartStyle.ToColor(ChartStyle.Muted)),
            PlotlyChart.Line<DateTime, double, string>(x, triggers.Select(t => t.ProactiveReady.TotalSeconds), Name: "proactive",
                ShowMarkers: true, LineColor: ChartStyle.ToColor(ChartStyle.Forecast), MarkerColor: ChartStyle.ToColor(ChartStyle.Forecast)),
        ]);
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{pipeline ?? "All pipelines"}: trigger → data-ready (median {summary.MedianProactive.TotalSeconds:0.0} s proactive vs {summary.MedianReactive.TotalSeconds:0.0} s reactive)");
        return ChartStyle.Apply(chart, title, "trigger (UTC)", "seconds from trigger to data-ready");
    }

    /// <summary>
    /// Stacked bars per trigger of <paramref name="pipeline"/> (all pipelines when null): pre-fetched bytes the run used
    /// and pre-fetched bytes wasted (dropped on expiry or abandoned in flight); the title gives the overall wasted share.
    /// </summary>
    /// <exception cref="KitDataException">The report has no trigger for the pipeline.</exception>
    public static GenericChart PrefetchUsage(ProactiveRunReport report, string? pipeline = null)
    {
        var triggers = Select(report, pipeline);
        var labels = triggers.Select(t => t.Trigger.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).ToArray();
        var summary = pipeline is null ? report.Overall : report.Summary(pipeline);
        var chart = PlotlyChart.Combine(
        [
            PlotlyChart.Column<long, string, string>(triggers.Select(t => t.UsedBytes), labels, Name: "used", MarkerColor: ChartStyle.ToColor(ChartStyle.Ok)),
            PlotlyChart.Column<long, string, string>(triggers.Select(t => t.WastedBytes), labels, Name: "wasted", MarkerColor: ChartStyle.ToColor(ChartStyle.Alert)),
        ]);
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{pipeline ?? "All pipelines"}: pre-fetched bytes used vs wasted ({summary.WastedBytes:N0} of {summary.PrefetchedBytes:N0} B wasted)");
        var layout = new Layout();
        layout.SetProperty("barmode", "stack");
        return GenericChart.addLayout(layout, ChartStyle.Apply(chart, title, "trigger (UTC)", "bytes"));
    }

    private static TriggerMetrics[] Select(ProactiveRunReport report, string? pipeline)
    {
        ArgumentNullException.ThrowIfNull(report);
        var triggers = report.Triggers.Where(t => pipeline is null || t.Pipeline == pipeline).OrderBy(t => t.Trigger).ToArray();
        if (triggers.Length == 0)
            throw new KitDataException(pipeline is null ? "the proactive run report has no triggers to chart." : $"the proactive run report has no trigger of pipeline '{pipeline}'.");
        return triggers;
    }
}
