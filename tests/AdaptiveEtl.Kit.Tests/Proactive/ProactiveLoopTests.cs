using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Replay;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Validation;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Proactive;

/// <summary>The proactive loop replayed in virtual time over the sample run history (data-samples/etl_runs.csv).</summary>
public sealed class ProactiveLoopTests
{
    private static readonly DateTimeOffset Start = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<RunRecord> SampleRuns(params string[] pipelines)
    {
        var path = RepoPaths.Sample("etl_runs.csv");
        if (!File.Exists(path)) Assert.Skip("data-samples/etl_runs.csv is not generated yet");
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        store.ImportCsv(path);
        return [.. store.GetRunRecords().Where(r => pipelines.Contains(r.Pipeline))];
    }

    [Fact]
    public async Task Replaying_orders_daily_publishes_every_arrived_row_once_and_is_ready_sooner_than_reactive()
    {
        var runs = SampleRuns("orders_daily");
        using var history = RunHistoryStore.OpenDuckDb(":memory:");
        var replayed = runs.Where(r => r.TriggerTime >= Start && r.TriggerTime < Until).ToList();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (report, workloads) = await TraceReplayer.ReplayAsync(history, runs, new TriggerTrace(replayed), Start, Until, new TraceReplayOptions(), TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage($"replay took {watch.Elapsed.TotalSeconds:0.0} s; {report}");
        Assert.Equal(replayed.Count, report.Triggers.Count);
        // each run ingests exactly what arrived since the previous trigger: the volume the trace recorded
        for (int i = 0; i < replayed.Count; i++)
        {
            Assert.Equal(replayed[i].TriggerTime, report.Triggers[i].Trigger);
            Assert.Equal(replayed[i].RowsIn, report.Triggers[i].UsedRows + report.Triggers[i].OnDemandRows);
        }
        Assert.Equal(replayed.Sum(r => r.RowsIn), workloads[0].PublishedRows);
        Assert.Equal(replayed.Sum(r => r.BytesIn), workloads[0].PublishedBytes);
        foreach (var t in report.Triggers)
            Assert.Equal(t.PrefetchedBytes, t.UsedBytes + t.WastedBytes); // every pre-fetched byte is either used or counted as waste

        // feedback: the runs went back into the history with their real trigger and volume, and every trigger has a verdict
        var recorded = history.GetRunRecords("orders_daily", Start, Until);
        Assert.Equal(replayed.Select(r => (r.TriggerTime, r.RowsIn)), recorded.Select(r => (r.TriggerTime, r.RowsIn)));
        Assert.All(recorded, r => Assert.True(r.EndTime > r.StartTime));
        var verdicts = new TriggerVerdictStore(history).GetVerdicts("orders_daily");
        Assert.Equal(replayed.Count, verdicts.Count);

        // 02:00 ± 6 min daily (README): most triggers fall inside a predicted window, and pre-fetching pays off
        var summary = report.Summary("orders_daily");
        Assert.True(summary.InWindowShare > 0.7, summary.ToString());
        Assert.True(summary.MedianProactive < summary.MedianReactive / 3, summary.ToString());
        Assert.True(summary.WastedShare < 0.25, summary.ToString());
    }
}
