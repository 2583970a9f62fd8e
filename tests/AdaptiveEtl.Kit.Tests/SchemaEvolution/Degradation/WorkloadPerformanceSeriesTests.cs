using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Degradation;

public sealed class WorkloadPerformanceSeriesTests
{
    [Fact]
    public void Daily_latency_is_call_weighted_and_quiet_days_carry_the_last_value_forward()
    {
        var day = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
        const string sql = "SELECT o.amount FROM mart.orders o WHERE o.id = 1";
        QueryLogEntry Run(int d, double ms, long calls) => new(null, day.AddDays(d).AddHours(9), "ann", "bi", ms, 1, calls, sql);
        // A log entry's duration is the total over its calls (QueryLogEntry). Day 0: 1 call taking 100 ms and 3 calls taking
        // 300 ms in all → 400 ms / 4 calls = 100 ms. Day 1: nothing → 100 carried. Day 2: 2 calls taking 50 ms → 25 ms.
        var log = new[] { Run(0, 100, 1), Run(0, 300, 3), Run(2, 50, 2) };
        using var parser = new SqlLineageParser();
        var workload = WorkloadModel.Build(log, parser);

        var series = Assert.Single(WorkloadPerformanceSeries.FromWorkload(workload, minimumPeriods: 2));
        Assert.Equal([100.0, 100.0, 25.0], series.LatencyMs);
        Assert.Equal([4.0, 0.0, 2.0], series.UsageCount);
        Assert.Equal([1.0, 1.0, 1.0], series.TableRows); // no profile snapshots: constant rows
        Assert.Contains(series.Tables, t => t.Name == "orders");
        Assert.Empty(WorkloadPerformanceSeries.FromWorkload(workload, minimumPeriods: 3)); // only 2 days with executions
    }
}
