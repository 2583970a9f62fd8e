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

    [Fact]
    public async Task Missing_and_late_triggers_expire_plans_count_waste_and_still_publish_each_row_once()
    {
        var runs = SampleRuns("orders_daily");
        using var history = RunHistoryStore.OpenDuckDb(":memory:");
        var replayed = runs.Where(r => r.TriggerTime >= Start && r.TriggerTime < Until).ToList();
        // every 7th trigger is missing (its data waits for the next run), every 5th is 5 hours late
        var trace = new TriggerTrace(replayed).WithMissing((_, i) => i % 7 == 3).Shifted((_, i) => i % 5 == 1 ? TimeSpan.FromHours(5) : TimeSpan.Zero);
        var (report, workloads) = await TraceReplayer.ReplayAsync(history, runs, trace, Start, Until, new TraceReplayOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(trace.Triggers.Count, report.Triggers.Count);
        var lastTrigger = trace.Triggers[^1].Time;
        // every row that arrived up to the last trigger was published exactly once, whatever was dropped and re-read
        Assert.Equal(workloads[0].ArrivedRows(runs.Last(r => r.TriggerTime < Start).TriggerTime, lastTrigger), workloads[0].PublishedRows);
        Assert.Contains(report.Timeline, e => e.Kind == TimelineEventKind.Expired);
        Assert.True(report.Overall.WastedBytes > 0, "late triggers expire plans: their staged bytes are wasted");
        var lateVerdicts = report.Triggers.Where(t => t.Verdict is { Timing: AdaptiveEtl.Kit.Proactive.Validation.TriggerTiming.Late }).ToList();
        Assert.NotEmpty(lateVerdicts);
        foreach (var t in report.Triggers) Assert.Equal(t.PrefetchedBytes, t.UsedBytes + t.WastedBytes);
    }

    [Fact]
    public async Task A_source_that_is_down_is_retried_and_reported_and_does_not_delay_the_run()
    {
        var runs = SampleRuns("orders_daily");
        using var history = RunHistoryStore.OpenDuckDb(":memory:");
        var until = new DateTimeOffset(2025, 12, 8, 0, 0, 0, TimeSpan.Zero);
        var replayed = runs.Where(r => r.TriggerTime >= Start && r.TriggerTime < until).ToList();
        // the source is down from 3 h to 10 min before each trigger: pre-fetch rounds fail, the run itself does not wait
        var outages = replayed.Select(r => (r.TriggerTime.AddHours(-3), r.TriggerTime.AddMinutes(-10))).ToList();
        var options = new TraceReplayOptions { Outages = new Dictionary<string, IReadOnlyList<(DateTimeOffset, DateTimeOffset)>> { ["orders_daily"] = outages } };
        var (report, workloads) = await TraceReplayer.ReplayAsync(history, runs, new TriggerTrace(replayed), Start, until, options, TestContext.Current.CancellationToken);

        Assert.Contains(report.Timeline, e => e.Kind == TimelineEventKind.SourceDown && e.Detail.Contains("unavailable", StringComparison.Ordinal));
        Assert.True(report.Triggers.Sum(t => t.SourceFailures) > 0);
        Assert.Equal(replayed.Sum(r => r.RowsIn), workloads[0].PublishedRows);
        // the run never waits for pre-fetching: trigger→ready is at most what a reactive run needs (the source is up at the trigger)
        foreach (var t in report.Triggers) Assert.True(t.ProactiveReady <= t.ReactiveReady, $"{t.Trigger}: {t.ProactiveReady} > {t.ReactiveReady}");
        var downs = report.Timeline.Where(e => e.Kind == TimelineEventKind.SourceDown).Select(e => e.Detail).ToList();
        Assert.Contains(downs, d => d.Contains("retry in 30 s", StringComparison.Ordinal));
        Assert.Contains(downs, d => d.Contains("retry in 60 s", StringComparison.Ordinal)); // backoff doubles
    }
}
