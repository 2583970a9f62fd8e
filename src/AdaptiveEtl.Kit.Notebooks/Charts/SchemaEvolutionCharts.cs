using System.Globalization;
using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace AdaptiveEtl.Kit.Notebooks.Charts;

/// <summary>
/// Plotly.NET charts for schema evolution: the usage heat map (which table/column is used how much over time), the
/// shadow-replay before/after comparison per query family, and the degradation forecast of a query family.
/// </summary>
public static class SchemaEvolutionCharts
{
    /// <summary>
    /// A heat map of usage: one row per <paramref name="rowLabels"/> entry (e.g. <c>table.column</c>), one column per
    /// <paramref name="columnLabels"/> entry (e.g. a period or a usage kind such as filter/join/group), coloured by count.
    /// </summary>
    /// <param name="rowLabels">Row labels, top to bottom.</param>
    /// <param name="columnLabels">Column labels, left to right.</param>
    /// <param name="counts">counts[row, column].</param>
    /// <param name="title">Chart title.</param>
    /// <exception cref="ArgumentException">The matrix does not match the labels.</exception>
    public static GenericChart UsageHeatMap(IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, double[,] counts, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(columnLabels);
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.GetLength(0) != rowLabels.Count || counts.GetLength(1) != columnLabels.Count)
            throw new ArgumentException($"the usage matrix is {counts.GetLength(0)} × {counts.GetLength(1)} but there are {rowLabels.Count} row and {columnLabels.Count} column labels.", nameof(counts));
        var z = Enumerable.Range(0, rowLabels.Count).Select(r => Enumerable.Range(0, columnLabels.Count).Select(c => counts[r, c]).ToArray()).ToArray();
        var chart = CSharpChart.Heatmap<double, string, string, string>(z, X: columnLabels.ToArray(), Y: rowLabels.ToArray(), Name: "usage",
            ColorScale: StyleParam.Colorscale.Viridis, ReverseYAxis: true);
        return ChartStyle.Apply(chart, title ?? "Usage heat map", null, null, height: Math.Max(ChartStyle.Height, 120 + 22 * rowLabels.Count));
    }

    /// <summary>
    /// The usage heat map of a workload: the <paramref name="top"/> most used columns (rows, by executions) against how they
    /// are used — projected, filtered, joined, grouped, ordered, read through the access log.
    /// </summary>
    public static GenericChart UsageHeatMap(WorkloadModel workload, int top = 20)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var columns = workload.Columns.OrderByDescending(c => c.Reads).ThenBy(c => c.Column.ToString(), StringComparer.Ordinal).Take(top).ToList();
        if (columns.Count == 0) throw new KitDataException("the workload uses no column; nothing to draw.", "workload model");
        string[] roles = ["projection", "filter", "join", "group", "order", "access"];
        var counts = new double[columns.Count, roles.Length];
        for (int i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            long[] row = [c.Projections, c.Filters, c.Joins, c.Groups, c.Orders, c.AccessReads];
            for (int j = 0; j < roles.Length; j++) counts[i, j] = row[j];
        }
        return UsageHeatMap(columns.Select(c => c.Column.ToString()).ToArray(), roles, counts,
            string.Create(CultureInfo.InvariantCulture, $"Column usage, {workload.From:yyyy-MM-dd} … {workload.To:yyyy-MM-dd} (executions)"));
    }

    /// <summary>A shadow or production replay before/after a change, per query family (frequency-weighted medians).</summary>
    public static GenericChart BeforeAfter(ReplayComparison comparison, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var q = comparison.Queries;
        return BeforeAfter(q.Select(x => x.Query.Family.Length > 24 ? x.Query.Family[..24] + "…" : x.Query.Family).ToArray(),
            q.Select(x => x.BeforeMilliseconds * x.Query.Frequency).ToArray(), q.Select(x => x.AfterMilliseconds * x.Query.Frequency).ToArray(), title);
    }

    /// <summary>
    /// Workload time per query family before and after a change (shadow replay or production), side by side, with the total
    /// gain in the title.
    /// </summary>
    /// <param name="families">Family labels.</param>
    /// <param name="beforeMs">Total time per family before, in milliseconds.</param>
    /// <param name="afterMs">Total time per family after, in milliseconds.</param>
    /// <param name="title">Chart title (default: the total gain).</param>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static GenericChart BeforeAfter(IReadOnlyList<string> families, IReadOnlyList<double> beforeMs, IReadOnlyList<double> afterMs, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(beforeMs);
        ArgumentNullException.ThrowIfNull(afterMs);
        if (families.Count == 0 || beforeMs.Count != families.Count || afterMs.Count != families.Count)
            throw new ArgumentException($"need one before and one after time per family; got {families.Count} families, {beforeMs.Count} before and {afterMs.Count} after.", nameof(families));
        double before = beforeMs.Sum(), after = afterMs.Sum();
        var keys = families.ToArray();
        var chart = CSharpChart.Combine(
        [
            CSharpChart.Column<double, string, string>(beforeMs, keys, Name: "before", MarkerColor: ChartStyle.ToColor(ChartStyle.Reference)),
            CSharpChart.Column<double, string, string>(afterMs, keys, Name: "after", MarkerColor: ChartStyle.ToColor(ChartStyle.Current)),
        ]);
        double gain = before > 0 ? 1 - after / before : 0;
        return ChartStyle.Apply(chart, title ?? string.Create(CultureInfo.InvariantCulture, $"Workload time before/after: {before:N0} → {after:N0} ms ({gain:P1} saved)"), "query family", "total time (ms)");
    }

    /// <summary>
    /// The degradation forecast of one family: its latency relative to its baseline, the threshold line, and the predicted
    /// probability of degrading within the horizon at each period (same axis: both are read against 1), with the onset
    /// marked when the family degraded.
    /// </summary>
    /// <param name="series">The family's history.</param>
    /// <param name="predictions">Predictions for this family (e.g. from <see cref="DegradationBacktestResult.Predictions"/>); others are ignored.</param>
    /// <param name="options">The degradation definition the predictions used.</param>
    public static GenericChart DegradationForecast(FamilyPerformanceSeries series, IEnumerable<DegradationPrediction> predictions, DegradationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(predictions);
        options ??= DegradationOptions.Default;
        double baseline = DegradationFeatureBuilder.Baseline(series, options);
        var periods = Enumerable.Range(0, series.Length).ToArray();
        var own = predictions.Where(p => p.Family == series.Family).OrderBy(p => p.Period).ToArray();
        var charts = new List<GenericChart>
        {
            CSharpChart.Line<int, double, string>(periods, series.LatencyMs.Select(v => v / baseline), Name: "latency ÷ baseline", LineColor: ChartStyle.ToColor(ChartStyle.Observed)),
            CSharpChart.Line<int, double, string>(periods, periods.Select(_ => options.Threshold), Name: string.Create(CultureInfo.InvariantCulture, $"threshold ({options.Threshold:0.##} ×)"),
                LineColor: ChartStyle.ToColor(ChartStyle.Alert), LineDash: StyleParam.DrawingStyle.Dash),
        };
        if (own.Length > 0)
            charts.Add(CSharpChart.Line<int, double, string>(own.Select(p => p.Period), own.Select(p => p.Probability),
                Name: $"P(degrades within {options.Horizon})", LineColor: ChartStyle.ToColor(ChartStyle.Forecast)));
        if (DegradationFeatureBuilder.FirstDegradedPeriod(series, options) is { } onset)
            charts.Add(CSharpChart.Point<int, double, string>([onset], [series.LatencyMs[onset] / baseline], Name: $"onset (period {onset})",
                MarkerColor: ChartStyle.ToColor(ChartStyle.Alert)));
        return ChartStyle.Apply(CSharpChart.Combine(charts), $"Degradation forecast of {series.Family}", "period", "ratio / probability");
    }
}
