using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.Streaming;
using AdaptiveEtl.Kit.Notebooks.Charts;
using Microsoft.Data.Analysis;
using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Drift;

public class DriftChartsTests
{
    private static double[] Normal(int n, double mean, int seed)
    {
        var rng = new Random(seed * 7919 + 13);
        return Enumerable.Range(0, n).Select(_ => mean + Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();
    }

    [Fact]
    public void ChartsCarryTheResultData()
    {
        var r = Normal(500, 0, 1);
        var c = Normal(400, 1, 2);
        var report = DriftDetector.Compare(new DataFrame(new DoubleDataFrameColumn("x", r)), new DataFrame(new DoubleDataFrameColumn("x", c)));
        var overlay = GenericChart.toJson(DriftCharts.HistogramOverlay("x", r, c, 20));
        Assert.Contains("\"barmode\":\"overlay\"", overlay);
        Assert.Contains("reference (n=500)", overlay);
        var psi = GenericChart.toJson(DriftCharts.PsiContributions(report["x"]));
        Assert.Contains(report["x"].Psi!.Bins[0].Label, psi);
        Assert.Contains("PSI " + report["x"].Psi!.Value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), psi);
        Assert.Contains("\"type\":\"bar\"", GenericChart.toJson(DriftCharts.BinShares(report["x"])));
        Assert.Contains("drift threshold", GenericChart.toJson(DriftCharts.ColumnSignals(report)));
        var monitor = DriftStreamMonitor.FromReference(new DataFrame(new DoubleDataFrameColumn("x", r)));
        monitor.Observe(new DataFrame(new DoubleDataFrameColumn("x", c)), DateTimeOffset.UnixEpoch);
        monitor.Observe(new DataFrame(new DoubleDataFrameColumn("x", r.Take(200))), DateTimeOffset.UnixEpoch.AddDays(1));
        var overTime = GenericChart.toJson(DriftCharts.DriftOverTime(monitor.History));
        Assert.Contains("\"name\":\"dataset\"", overTime);
        Assert.Contains("\"name\":\"x\"", overTime);
    }
}
