using System.Globalization;
using AdaptiveEtl.Kit.Synthesis;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace AdaptiveEtl.Kit.Notebooks.Charts;

/// <summary>
/// Plotly.NET charts of the synthesis capability: training loss curves, real-vs-synthetic distributions per column and
/// the quality report's column scores. Inputs are the kit's torch-free types, so this assembly needs no TorchSharp.
/// </summary>
public static class SynthesisCharts
{
    /// <summary>
    /// One line per loss name over the epochs, e.g.
    /// <c>SynthesisCharts.LossCurves(ctgan.LossHistory.Select(e =&gt; e.Losses), "CTGAN")</c>.
    /// </summary>
    /// <param name="lossesPerEpoch">The losses of each epoch, in order (epoch 1 first).</param>
    /// <param name="title">Chart title.</param>
    public static GenericChart LossCurves(IEnumerable<IReadOnlyDictionary<string, double>> lossesPerEpoch, string title = "Training losses")
    {
        ArgumentNullException.ThrowIfNull(lossesPerEpoch);
        var epochs = lossesPerEpoch.ToList();
        var names = epochs.SelectMany(e => e.Keys).Distinct().ToList();
        var lines = names.Select(name =>
        {
            var points = epochs.Select((e, i) => (Epoch: i + 1, Value: e.TryGetValue(name, out var v) ? v : double.NaN)).Where(p => double.IsFinite(p.Value)).ToList();
            return Chart.Line<int, double, string>(points.Select(p => p.Epoch), points.Select(p => p.Value), Name: name, ShowMarkers: points.Count < 60);
        });
        return Titled(Chart.Combine(lines), title)
            .WithXAxisStyle<double, double, string>(TitleText: "epoch")
            .WithYAxisStyle<double, double, string>(TitleText: "loss");
    }

    /// <summary>
    /// Real vs synthetic distribution of one column as grouped bars of shares: categories (null included) for
    /// categorical/boolean columns, <paramref name="bins"/> equal-width bins over the real range for numeric columns
    /// (date-times in epoch seconds are shown as dates).
    /// </summary>
    /// <exception cref="KitDataException">The column is missing or is a text column.</exception>
    public static GenericChart RealVsSynthetic(TabularData real, TabularData synthetic, string column, int bins = 20)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        var kind = real.Schema[column].Kind;
        List<string> keys;
        double[] realShares, synShares;
        if (kind == Schema.ColumnKind.Text) throw new KitDataException("text columns are not charted; mask them first.", real.Schema.Name, column);
        if (TabularData.IsNumericKind(kind))
        {
            var r = real.Numeric(column).Where(v => v.HasValue).Select(v => v!.Value).ToList();
            if (r.Count == 0) throw new KitDataException("the column has no values in the real data.", real.Schema.Name, column);
            double min = r.Min(), max = r.Max();
            var width = max > min ? (max - min) / bins : 1;
            string Label(int b)
            {
                var lo = min + b * width;
                return kind == Schema.ColumnKind.DateTime
                    ? DateTime.UnixEpoch.AddSeconds(lo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : lo.ToString("G4", CultureInfo.InvariantCulture);
            }
            double[] Shares(IReadOnlyList<double?> values)
            {
                var counts = new double[bins];
                var present = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
                foreach (var x in present) counts[Math.Clamp((int)Math.Floor((x - min) / width), 0, bins - 1)]++;
                return counts.Select(c => present.Count == 0 ? 0 : c / present.Count).ToArray();
            }
            keys = Enumerable.Range(0, bins).Select(Label).ToList();
            realShares = Shares(real.Numeric(column));
            synShares = Shares(synthetic.Numeric(column));
        }
        else
        {
            var rl = real.Labels(column).Select(l => l ?? "(null)").ToList();
            var sl = synthetic.Labels(column).Select(l => l ?? "(null)").ToList();
            keys = rl.Concat(sl).Distinct().OrderBy(k => k, StringComparer.Ordinal).ToList();
            realShares = keys.Select(k => rl.Count(x => x == k) / (double)Math.Max(1, rl.Count)).ToArray();
            synShares = keys.Select(k => sl.Count(x => x == k) / (double)Math.Max(1, sl.Count)).ToArray();
        }
        var bars = Chart.Combine([
            Chart.Column<double, string, string>(realShares, Keys: keys.ToArray(), Name: "real"),
            Chart.Column<double, string, string>(synShares, Keys: keys.ToArray(), Name: "synthetic"),
        ]);
        return Titled(bars, $"{column}: real vs synthetic")
            .WithYAxisStyle<double, double, string>(TitleText: "share of rows");
    }

    /// <summary>Horizontal bars of the column-shape scores of a quality report (1 = identical), titled with the overall score.</summary>
    public static GenericChart QualityBars(QualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var shapes = report.ColumnShapes.OrderBy(s => s.Score).ToList();
        var bars = Chart.Bar<double, string, string>(shapes.Select(s => s.Score), Keys: shapes.Select(s => $"{s.Column} ({s.Metric})").ToArray(), Name: "column shape");
        return Titled(bars, string.Create(CultureInfo.InvariantCulture, $"Quality {report.Score:P1} (shapes {report.ColumnShapesScore:P1}, pair trends {report.ColumnPairTrendsScore:P1})"))
            .WithXAxisStyle<double, double, string>(TitleText: "score");
    }

    private static GenericChart Titled(GenericChart chart, string title) => Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
}
