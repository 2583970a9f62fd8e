using System.Globalization;
using AdaptiveEtl.Kit.Triggers;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace AdaptiveEtl.Kit.Notebooks.Charts;

/// <summary>
/// Charts of next-trigger predictions in clock time (UTC): a timeline of every pipeline's calibrated windows, and per
/// pipeline its windows against the predicted volume (when the trigger fires and how many rows it brings).
/// </summary>
public static class TriggerWindowCharts
{
    private static readonly string[] WindowColors = ["rgba(0,114,178,0.25)", "rgba(0,114,178,0.55)", "rgba(0,114,178,0.8)"]; // Okabe–Ito blue, widest lightest

    /// <summary>
    /// One row per pipeline: its interval windows as bars from the earliest to the latest trigger time (widest level
    /// lightest), the expected trigger as a marker labelled with the predicted rows, and the last trigger in grey.
    /// Windows without a finite end are left out.
    /// </summary>
    public static GenericChart Timeline(IReadOnlyList<TriggerPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0) throw new KitDataException("no trigger predictions to chart.");
        var ci = CultureInfo.InvariantCulture;
        var charts = new List<GenericChart>();
        var levels = predictions.SelectMany(p => p.Intervals.Select(w => w.Level)).Distinct().OrderByDescending(l => l).ToArray();
        for (int k = 0; k < levels.Length; k++)
        {
            bool first = true;
            foreach (var p in predictions)
            {
                var w = p.Intervals.FirstOrDefault(i => Math.Abs(i.Level - levels[k]) < 1e-9);
                if (w is null || !Finite(w)) continue;
                charts.Add(CSharpChart.Line<DateTime, string, string>([w.From.UtcDateTime, w.To.UtcDateTime], [p.Pipeline, p.Pipeline],
                    Name: string.Create(ci, $"{levels[k]:P0} window"), ShowLegend: first, LineWidth: 18 - 6 * Math.Min(k, 2),
                    LineColor: Color.fromString(WindowColors[Math.Min(k, WindowColors.Length - 1)]),
                    MultiText: new[] { string.Create(ci, $"{w.From.UtcDateTime:yyyy-MM-dd HH:mm}"), string.Create(ci, $"{w.To.UtcDateTime:yyyy-MM-dd HH:mm}") }));
                first = false;
            }
        }
        charts.Add(CSharpChart.Point<DateTime, string, string>(predictions.Select(p => p.LastTrigger.UtcDateTime), predictions.Select(p => p.Pipeline),
            Name: "last trigger", MarkerColor: Color.fromString("#757575"), MarkerSymbol: StyleParam.MarkerSymbol.Diamond));
        charts.Add(CSharpChart.Point<DateTime, string, string>(predictions.Select(p => p.ExpectedTrigger.UtcDateTime), predictions.Select(p => p.Pipeline),
            Name: "expected trigger", MarkerColor: Color.fromString("#d55e00"),
            MultiText: predictions.Select(p => string.Create(ci, $"{p.ExpectedTrigger.UtcDateTime:ddd HH:mm} · ~{p.Rows.Point:N0} rows")).ToArray(),
            TextPosition: StyleParam.TextPosition.TopCenter));
        return ChartStyle.Apply(CSharpChart.Combine(charts), "Next trigger windows (UTC clock time)", "trigger time (UTC)", null,
            height: 160 + 56 * predictions.Count);
    }

    /// <summary>
    /// One pipeline's prediction as boxes in time × rows: for each level, its trigger window (x, clock time UTC) against its
    /// rows interval (y), widest level lightest, and the point prediction (expected trigger, predicted rows) as a marker.
    /// </summary>
    public static GenericChart WindowVolume(TriggerPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var ci = CultureInfo.InvariantCulture;
        var charts = new List<GenericChart>();
        var windows = prediction.Intervals.Select((w, i) => (Window: w, Rows: prediction.Rows.Intervals[i])).OrderByDescending(x => x.Window.Level).ToArray();
        for (int k = 0; k < windows.Length; k++)
        {
            var (w, rows) = windows[k];
            if (!Finite(w) || !double.IsFinite(rows.Lower) || !double.IsFinite(rows.Upper)) continue;
            DateTime a = w.From.UtcDateTime, b = w.To.UtcDateTime;
            charts.Add(CSharpChart.Line<DateTime, double, string>([a, b, b, a, a], [rows.Lower, rows.Lower, rows.Upper, rows.Upper, rows.Lower],
                Name: string.Create(ci, $"{w.Level:P0} window"),
                MultiText: Enumerable.Repeat(string.Create(ci, $"{w.Level:P0}: {a:MM-dd HH:mm} – {b:MM-dd HH:mm} UTC, {rows.Lower:N0} – {rows.Upper:N0} rows"), 5).ToArray(),
                Fill: StyleParam.Fill.ToSelf, FillColor: Color.fromString(WindowColors[Math.Min(k, WindowColors.Length - 1)]),
                LineColor: Color.fromString("rgba(0,114,178,0.9)"), LineWidth: 1));
        }
        charts.Add(CSharpChart.Point<DateTime, double, string>([prediction.ExpectedTrigger.UtcDateTime], [prediction.Rows.Point],
            Name: "expected trigger",
            MultiText: new[] { string.Create(ci, $"{prediction.ExpectedTrigger.UtcDateTime:yyyy-MM-dd HH:mm} UTC, ~{prediction.Rows.Point:N0} rows") },
            MarkerColor: Color.fromString("#d55e00")));
        return ChartStyle.Apply(CSharpChart.Combine(charts), $"{prediction.Pipeline}: next trigger (UTC) and its rows",
            "trigger time (UTC)", "rows_in");
    }

    private static bool Finite(TriggerWindow w) => w.From > DateTimeOffset.MinValue && w.To < DateTimeOffset.MaxValue && w.To >= w.From;
}
