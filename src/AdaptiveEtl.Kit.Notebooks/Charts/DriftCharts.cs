using System.Globalization;
using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.Statistics;
using AdaptiveEtl.Kit.Drift.Streaming;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace AdaptiveEtl.Kit.Notebooks.Charts;

/// <summary>
/// Plotly.NET charts for drift results: reference-vs-current histogram overlays, per-bin PSI contributions, per-column
/// drift signals and drift signal over time. Each method returns a <see cref="GenericChart"/> (display it in a notebook
/// or render it with <c>ChartHtml.ToHtml</c>).
/// </summary>
public static class DriftCharts
{
    private const string ReferenceColor = "#546e7a", CurrentColor = "#e53935";

    /// <summary>
    /// Overlaid histograms (shares per bin) of a numeric column: both samples share the same <paramref name="bins"/>
    /// equal-width bins over their joint range, so the bars are comparable.
    /// </summary>
    public static GenericChart HistogramOverlay(string column, IReadOnlyCollection<double> reference, IReadOnlyCollection<double> current, int bins = 30)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "at least one bin");
        var r = reference.Where(double.IsFinite).ToArray();
        var c = current.Where(double.IsFinite).ToArray();
        if (r.Length == 0 || c.Length == 0) throw new KitDataException($"cannot draw a histogram: {(r.Length == 0 ? "reference" : "current")} has no finite values.", column: column);
        double lo = Math.Min(r.Min(), c.Min()), hi = Math.Max(r.Max(), c.Max());
        double width = hi > lo ? (hi - lo) / bins : 1.0;
        var centers = Enumerable.Range(0, bins).Select(i => lo + (i + 0.5) * width).ToArray();
        var chart = PlotlyChart.Combine(
        [
            BarTrace(centers, Shares(r, lo, width, bins), $"reference (n={r.Length:N0})", ReferenceColor, width),
            BarTrace(centers, Shares(c, lo, width, bins), $"current (n={c.Length:N0})", CurrentColor, width),
        ]);
        return Styled(chart, $"{column}: reference vs current", column, "share of rows", barMode: "overlay");
    }

    /// <summary>Overlaid histograms of one numeric (or date-time, as Unix seconds) column of two DataFrames; missing values are left out.</summary>
    /// <exception cref="KitDataException">The column is missing from a frame or has no numeric values.</exception>
    public static GenericChart HistogramOverlay(Microsoft.Data.Analysis.DataFrame reference, Microsoft.Data.Analysis.DataFrame current, string column, int bins = 30)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        return HistogramOverlay(column, Numbers(reference, column, "reference"), Numbers(current, column, "current"), bins);
    }

    private static double[] Numbers(Microsoft.Data.Analysis.DataFrame frame, string column, string side)
    {
        int index = frame.Columns.IndexOf(column);
        if (index < 0) throw new KitDataException($"no column '{column}' in the {side} data.", side, column);
        var col = frame.Columns[index];
        var values = new List<double>((int)col.Length);
        for (long i = 0; i < col.Length; i++)
        {
            double v = col[i] switch
            {
                null => double.NaN,
                DateTime dt => (dt.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds,
                DateTimeOffset dto => dto.ToUnixTimeMilliseconds() / 1000.0,
                IConvertible c when col[i] is not string => c.ToDouble(CultureInfo.InvariantCulture),
                _ => double.NaN,
            };
            if (double.IsFinite(v)) values.Add(v);
        }
        return values.ToArray();
    }

    /// <summary>
    /// Reference and current shares per PSI bin or category of one column result, side by side — works for numeric and
    /// categorical columns alike (the bins are the reference quantile bins the verdict used).
    /// </summary>
    public static GenericChart BinShares(ColumnDriftResult result)
    {
        var psi = RequirePsi(result);
        var labels = psi.Bins.Select(b => b.Label).ToArray();
        var chart = PlotlyChart.Combine(
        [
            PlotlyChart.Column<double, string, string>(psi.Bins.Select(b => b.ReferenceShare), labels, Name: "reference", MarkerColor: Color.fromString(ReferenceColor)),
            PlotlyChart.Column<double, string, string>(psi.Bins.Select(b => b.CurrentShare), labels, Name: "current", MarkerColor: Color.fromString(CurrentColor)),
        ]);
        return Styled(chart, $"{result.Column}: share per {(psi.Bins.Count > 0 && psi.Bins[0].Lower is null ? "category" : "bin")}", result.Column, "share of rows");
    }

    /// <summary>
    /// Per-bin contributions (c − r)·ln(c / r) to one column's PSI; bars are coloured by whether the bin lost (red) or
    /// gained (blue) mass and labelled with the reference → current shares. Their sum is the PSI in the title.
    /// </summary>
    public static GenericChart PsiContributions(ColumnDriftResult result)
    {
        var psi = RequirePsi(result);
        var ci = CultureInfo.InvariantCulture;
        var chart = PlotlyChart.Column<double, string, string>(
            psi.Bins.Select(b => b.Contribution),
            psi.Bins.Select(b => b.Label).ToArray(),
            Name: "PSI contribution",
            MultiText: psi.Bins.Select(b => string.Create(ci, $"{b.ReferenceShare:P1} → {b.CurrentShare:P1}")).ToArray(),
            MarkerColor: Color.fromColors(psi.Bins.Select(b => Color.fromString(b.CurrentShare < b.ReferenceShare ? CurrentColor : "#1e88e5"))));
        return Styled(chart, string.Create(ci, $"{result.Column}: PSI {psi.Value:F3} ({psi.Band}) by bin"), result.Column, "contribution to PSI");
    }

    /// <summary>Drift signal per compared column of a report, with the 0.5 drift line; drifted columns in red.</summary>
    public static GenericChart ColumnSignals(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cols = report.Columns.Where(c => c.Compared).OrderByDescending(c => c.Signal).ToArray();
        var names = cols.Select(c => c.Column).ToArray();
        var chart = PlotlyChart.Combine(
        [
            PlotlyChart.Column<double, string, string>(cols.Select(c => c.Signal), names, Name: "signal",
                MultiText: cols.Select(c => c.Method.ToString()).ToArray(),
                MarkerColor: Color.fromColors(cols.Select(c => Color.fromString(c.Drifted ? CurrentColor : "#43a047")))),
            PlotlyChart.Line<string, double, string>(names, names.Select(_ => 0.5), Name: "drift threshold", LineColor: Color.fromString("#212121"), LineDash: StyleParam.DrawingStyle.Dash),
        ]);
        return Styled(chart, $"Drift signal per column ({report.DriftedColumns}/{report.ComparedColumns} drifted)", "column", "signal (0.5 = threshold)");
    }

    /// <summary>Drift signal over time from monitored windows: the dataset signal plus the named columns (all when none given).</summary>
    public static GenericChart DriftOverTime(IEnumerable<DriftWindowResult> windows, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return DriftOverTime(windows.SelectMany(DriftScoreStore.ScoresOf), columns);
    }

    /// <summary>Drift signal over time from stored scores (<see cref="DriftScoreStore.Read"/>): the dataset row plus the named columns.</summary>
    public static GenericChart DriftOverTime(IEnumerable<DriftScore> scores, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var all = scores.ToArray();
        if (all.Length == 0) throw new KitDataException("no drift scores to plot.");
        var wanted = columns.Length > 0 ? columns.ToHashSet(StringComparer.Ordinal) : null;
        var traces = new List<GenericChart>();
        foreach (var group in all.GroupBy(s => s.Column).OrderBy(g => g.Key == DriftScoreStore.DatasetColumn ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            bool dataset = group.Key == DriftScoreStore.DatasetColumn;
            if (!dataset && wanted is not null && !wanted.Contains(group.Key)) continue;
            var points = group.OrderBy(s => s.WindowEnd).ToArray();
            var x = points.Select(p => p.WindowEnd.UtcDateTime).ToArray();
            var y = points.Select(p => p.Signal).ToArray();
            traces.Add(dataset
                ? PlotlyChart.Line<DateTime, double, string>(x, y, Name: "dataset", ShowMarkers: true, LineWidth: 4, LineColor: Color.fromString("#212121"))
                : PlotlyChart.Line<DateTime, double, string>(x, y, Name: group.Key, ShowMarkers: true, LineWidth: 1.5));
        }
        var times = all.Select(s => s.WindowEnd.UtcDateTime).Distinct().Order().ToArray();
        traces.Add(PlotlyChart.Line<DateTime, double, string>(times, times.Select(_ => 0.5), Name: "drift threshold", LineColor: Color.fromString(CurrentColor), LineDash: StyleParam.DrawingStyle.Dash));
        return Styled(PlotlyChart.Combine(traces), "Drift signal over time", "window end (UTC)", "drift signal");
    }

    private static PsiResult RequirePsi(ColumnDriftResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Psi ?? throw new KitDataException($"the column was not compared (status {result.Status}); nothing to chart.", column: result.Column);
    }

    private static GenericChart BarTrace(double[] centers, double[] shares, string name, string color, double width)
    {
        var chart = PlotlyChart.Column<double, double, string>(shares, centers, Name: name, Opacity: 0.55, MarkerColor: Color.fromString(color));
        return chart;
    }

    private static double[] Shares(double[] values, double lo, double width, int bins)
    {
        var counts = new double[bins];
        foreach (var v in values) counts[Math.Clamp((int)((v - lo) / width), 0, bins - 1)]++;
        for (int i = 0; i < bins; i++) counts[i] /= values.Length;
        return counts;
    }

    private static GenericChart Styled(GenericChart chart, string title, string xTitle, string yTitle, string? barMode = null)
    {
        var layout = new Layout();
        layout.SetProperty("title", Title.init(FSharpOption<string>.Some(title), null, null, null, null, null, null, null, null, null, null, null));
        layout.SetProperty("bargap", 0.05);
        if (barMode is not null) layout.SetProperty("barmode", barMode);
        return Plotly.NET.Chart.withLayout(layout).Invoke(chart)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle);
    }
}
