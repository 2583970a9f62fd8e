using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.Statistics;
using AdaptiveEtl.Kit.Drift.Streaming;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Drift;

public class DriftStreamMonitorTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static DataFrame Batch(int n, double shift, int seed) => new(
        new DoubleDataFrameColumn("amount", DriftDetectorTests.Normal(n, 100 + shift, 15, seed)),
        new StringDataFrameColumn("country", DriftDetectorTests.Categories(n, shift > 0 ? [("US", 0.3), ("IN", 0.5), ("DE", 0.2)] : [("US", 0.6), ("IN", 0.1), ("DE", 0.3)], seed + 1)));

    [Fact]
    public void TumblingWindowsEvaluateEveryNBatchesAndAlertOnlyOnDrift()
    {
        var monitor = DriftStreamMonitor.FromReference(Batch(3000, 0, 1), new DriftStreamOptions { Pipeline = "orders", WindowBatches = 2 });
        var alerts = new List<DriftAlertEventArgs>();
        monitor.Alert += (_, e) => alerts.Add(e);
        var emitted = new List<DriftWindowResult>();
        for (int b = 0; b < 6; b++)
            if (monitor.Observe(Batch(300, b >= 4 ? 20 : 0, 100 + b), T0.AddHours(b)) is { } w) emitted.Add(w);
        Assert.Equal(3, emitted.Count);
        Assert.Equal([T0.AddHours(1), T0.AddHours(3), T0.AddHours(5)], emitted.Select(w => w.WindowEnd));
        Assert.Equal(T0.AddHours(4), emitted[2].WindowStart);
        Assert.False(emitted[0].Alerted);
        Assert.False(emitted[1].Alerted);
        Assert.True(emitted[2].Alerted);
        var alert = Assert.Single(alerts);
        Assert.Equal(["amount", "country"], alert.DriftedColumns);
        Assert.Equal(600, emitted[2].Report.CurrentRows);
    }

    [Fact]
    public void SlidingWindowsOverlap()
    {
        var monitor = DriftStreamMonitor.FromReference(Batch(2000, 0, 2), new DriftStreamOptions { WindowBatches = 3, StepBatches = 1 });
        var emitted = Enumerable.Range(0, 6).Select(b => monitor.Observe(Batch(200, b == 5 ? 25 : 0, 200 + b), T0.AddDays(b))).Where(w => w is not null).ToArray();
        Assert.Equal(4, emitted.Length); // after batches 3, 4, 5, 6
        Assert.All(emitted, w => Assert.Equal(3, w!.Batches));
        Assert.Equal(T0.AddDays(3), emitted[^1]!.WindowStart);
        Assert.True(emitted[^1]!.Report["amount"].Signal > emitted[0]!.Report["amount"].Signal);
        Assert.Equal(4, monitor.History.Count);
    }

    [Fact]
    public void ScoresAreStoredInDuckDb()
    {
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        var store = new DriftScoreStore(conn, "drift \"scores\"");
        var monitor = DriftStreamMonitor.FromReference(Batch(1000, 0, 3), new DriftStreamOptions { Pipeline = "partner_feed" }, store);
        monitor.Observe(Batch(500, 0, 31), T0);
        monitor.Observe(Batch(500, 30, 32), T0.AddHours(1));
        var rows = store.Read("partner_feed");
        Assert.Equal(6, rows.Count); // 2 windows × (2 columns + dataset row)
        var last = rows.Where(r => r.WindowEnd == T0.AddHours(1)).ToArray();
        Assert.True(last.Single(r => r.Column == DriftScoreStore.DatasetColumn).Drifted);
        Assert.Equal(monitor.History[1].Report["amount"].Statistic, last.Single(r => r.Column == "amount").Statistic, 12);
        Assert.Empty(store.Read("other_pipeline"));
        // A second store on the same table appends rather than recreating it.
        Assert.Equal(6, new DriftScoreStore(conn, "drift \"scores\"").Read().Count);
    }

    [Fact]
    public void MissingColumnInABatchIsReportedNotThrown()
    {
        var monitor = DriftStreamMonitor.FromReference(Batch(500, 0, 4));
        var w = monitor.Observe(new DataFrame(new DoubleDataFrameColumn("amount", DriftDetectorTests.Normal(100, 100, 15, 41))), T0)!;
        Assert.Equal(DriftStatus.MissingInCurrent, w.Report["country"].Status);
        Assert.Equal(DriftStatus.Ok, w.Report["amount"].Status);
    }

    [Fact]
    public void ReservoirIsBoundedAndUniform()
    {
        var r = new ReservoirSample(2000, seed: 5);
        for (int i = 0; i < 200_000; i++) r.Add(i);
        var sample = r.ToSortedArray();
        Assert.Equal(2000, sample.Length);
        Assert.Equal(200_000, r.Seen);
        // Against the uniform stream 0..199999: KS statistic of a uniform sample of 2000 stays below the 99.9 % critical
        // value 1.95/sqrt(2000) = 0.0436 (Kolmogorov asymptotic quantile K(0.999) = 1.949).
        double d = 0;
        for (int i = 0; i < sample.Length; i++)
        {
            double f = (sample[i] + 1) / 200_000.0;
            d = Math.Max(d, Math.Max(Math.Abs((i + 1.0) / sample.Length - f), Math.Abs((double)i / sample.Length - f)));
        }
        Assert.InRange(d, 0, 0.0436);
        Assert.True(KolmogorovSmirnov.Test(sample, Enumerable.Range(0, 200_000).Select(i => (double)i).ToArray()).PValue > 0.001);
    }
}
