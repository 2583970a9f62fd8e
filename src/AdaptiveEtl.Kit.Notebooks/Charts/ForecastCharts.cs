using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Triggers;
using Microsoft.FSharp.Core;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace AdaptiveEtl.Kit.Notebooks.Charts;

/// <summary>
/// Plotly.NET charts for run histories and forecasts: history line, fan chart with interval bands, backtest leaderboard,
/// inter-arrival histogram, volume by weekday and the predicted trigger-time distribution. Every method returns a
/// <see cref="GenericChart"/> that notebooks display and reports embed.
/// </summary>
public static class ForecastCharts
{
    private static readonly string[] BandColors = ["rgba(0,114,178,0.15)", "rgba(0,114,178,0.28)", "rgba(0,114,178,0.42)"]; // Okabe–Ito blue, as ChartStyle.IntervalFill

    /// <summary>A line of the series against its timestamps (or its index when it has none).</summary>
    public static GenericChart History(TimeSeries series, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var chart = series.Timestamps is { } ts
            ? CSharpChart.Line<DateTime, double, string>(ts.Select(t => t.UtcDateTime), series.Values, Name: series.Name)
            : CSharpChart.Line<int, double, string>(Enumerable.Range(0, series.Length), series.Values, Name: series.Name);
        return Titled(chart, title ?? series.Name);
    }

    /// <summary>
    /// Fan chart: the last <paramref name="historyTail"/> observations, the point forecast and one shaded band per interval
    /// level (widest first, lighter). The forecast must come from a model fitted on <paramref name="history"/>.
    /// </summary>
    public static GenericChart FanChart(TimeSeries history, ForecastResult forecast, int historyTail = 200, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(forecast);
        int skip = Math.Max(0, history.Length - Math.Max(1, historyTail));
        var charts = new List<GenericChart>();
        var intervals = forecast.Intervals.OrderByDescending(i => i.Level).ToArray();
        if (history.Timestamps is { } ts && forecast.Timestamps is { } fts)
        {
            var fx = fts.Select(t => t.UtcDateTime).ToArray();
            charts.Add(CSharpChart.Line<DateTime, double, string>(ts.Skip(skip).Select(t => t.UtcDateTime), history.Values.Skip(skip), Name: "history"));
            for (int k = 0; k < intervals.Length; k++)
                charts.Add(CSharpChart.Range<DateTime, double, string>(fx, forecast.Mean, intervals[k].Upper, intervals[k].Lower, StyleParam.Mode.Lines,
                    Name: $"{intervals[k].Level:P0} interval", RangeColor: Color.fromString(BandColors[Math.Min(k, BandColors.Length - 1)])));
            charts.Add(CSharpChart.Line<DateTime, double, string>(fx, forecast.Mean, Name: $"{forecast.Model} forecast"));
        }
        else
        {
            var fx = Enumerable.Range(history.Length, forecast.Horizon).ToArray();
            charts.Add(CSharpChart.Line<int, double, string>(Enumerable.Range(skip, history.Length - skip), history.Values.Skip(skip), Name: "history"));
            for (int k = 0; k < intervals.Length; k++)
                charts.Add(CSharpChart.Range<int, double, string>(fx, forecast.Mean, intervals[k].Upper, intervals[k].Lower, StyleParam.Mode.Lines,
                    Name: $"{intervals[k].Level:P0} interval", RangeColor: Color.fromString(BandColors[Math.Min(k, BandColors.Length - 1)])));
            charts.Add(CSharpChart.Line<int, double, string>(fx, forecast.Mean, Name: $"{forecast.Model} forecast"));
        }
        return Titled(CSharpChart.Combine(charts), title ?? $"{forecast.Model} forecast of {history.Name}");
    }

    /// <summary>Bar chart of one backtest metric per model (models that failed are left out), best first.</summary>
    public static GenericChart Leaderboard(BacktestReport report, SelectionMetric? metric = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = metric ?? report.Options.SelectBy;
        var rows = report.Leaderboard.Where(s => s.Succeeded && double.IsFinite(s.Metric(m))).OrderBy(s => s.Metric(m)).ToArray();
        var chart = CSharpChart.Column<double, string, string>(rows.Select(s => s.Metric(m)), Keys: rows.Select(s => s.Model).ToArray(), Name: m.ToString());
        return Titled(chart, $"Backtest of {report.Series}: {m} (lower is better)");
    }

    /// <summary>Histogram of the gaps between triggers (hours), e.g. of <see cref="TriggerFeatures.InterArrival"/>.</summary>
    public static GenericChart InterArrivalHistogram(TimeSeries gapsHours, int bins = 50)
    {
        ArgumentNullException.ThrowIfNull(gapsHours);
        var chart = CSharpChart.Histogram<double, double, string>(X: gapsHours.Values.ToArray(), NBinsX: bins, Name: "gap (hours)");
        return Titled(chart, $"Inter-arrival times: {gapsHours.Name}");
    }

    /// <summary>Mean rows per run by weekday of the trigger (UTC), Monday first.</summary>
    public static GenericChart VolumeByWeekday(IEnumerable<RunRecord> runs, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        DayOfWeek[] order = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
        var byDay = runs.GroupBy(r => r.TriggerTime.UtcDateTime.DayOfWeek).ToDictionary(g => g.Key, g => g.Average(r => (double)r.RowsIn));
        var days = order.Where(byDay.ContainsKey).ToArray();
        var chart = CSharpChart.Column<double, string, string>(days.Select(d => byDay[d]), Keys: days.Select(d => d.ToString()[..3]).ToArray(), Name: "mean rows_in");
        return Titled(chart, title ?? "Mean rows per run by weekday");
    }

    /// <summary>Histogram of the predicted trigger times with the interval bounds as lines, in hours after the last trigger.</summary>
    public static GenericChart TriggerDistribution(TriggerPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var charts = new List<GenericChart>
        {
            CSharpChart.Histogram<double, double, string>(X: prediction.GapHours.Samples.ToArray(), NBinsX: 40, HistNorm: StyleParam.HistNorm.Probability, Name: "calibrated outcomes"),
        };
        foreach (var w in prediction.Intervals)
        {
            double from = (w.From - prediction.LastTrigger).TotalHours, to = (w.To - prediction.LastTrigger).TotalHours;
            if (!double.IsFinite(to) || w.To == DateTimeOffset.MaxValue) continue;
            charts.Add(CSharpChart.Line<double, double, string>([from, from, to, to], [0.0, 0.5, 0.5, 0.0], Name: $"{w.Level:P0} interval"));
        }
        return Titled(CSharpChart.Combine(charts), $"Next trigger of {prediction.Pipeline}: hours after {prediction.LastTrigger.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
    }

    private static GenericChart Titled(GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);
}
