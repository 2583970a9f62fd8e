using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Replay;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Tests.Proactive;

/// <summary>The loop over the real landing-zone connector and staging store, replaying data-samples/landing/ in virtual time.</summary>
public sealed class LandingZoneReplayTests
{
    private static readonly SourceSpeed Slow = new(TimeSpan.FromSeconds(2), 64 * 1024, 1);

    private static async Task<(ProactiveRunReport Report, List<string> Target)> ReplayAsync(string work, DateTimeOffset lastTrigger, CancellationToken ct)
    {
        var runsCsv = RepoPaths.Sample("etl_runs.csv");
        if (!File.Exists(runsCsv)) Assert.Skip("data-samples/etl_runs.csv is not generated yet");
        var start = new DateTimeOffset(2025, 12, 1, 12, 0, 0, TimeSpan.Zero);
        using var history = RunHistoryStore.OpenDuckDb(":memory:");
        using (var all = RunHistoryStore.OpenDuckDb(":memory:"))
        {
            all.ImportCsv(runsCsv);
            foreach (var r in all.GetRunRecords("orders_daily", null, start)) history.Append(r);
            var trace = new TriggerTrace(all.GetRunRecords("orders_daily", start, lastTrigger.AddMinutes(1)));
            var arrivals = new LandingZoneArrivals(RepoPaths.Sample("landing"), Path.Combine(work, "landing"), LandingZoneArrivals.NextDayAtHalfPastOne, "orders_*.csv");
            var source = new SimulatedSlowSource(new LandingZoneConnector(arrivals.LandingFolder, "orders_files", new LandingZoneOptions { Pattern = "orders_*.csv" }), Slow);
            await using var staging = StagingStore.OpenInWorkFolder(work);
            var workload = new StagedSourceWorkload("orders_daily", source, staging, "orders", new StageOptions { Retry = RetryPolicy.None }, arrivals.DeliverAsync);
            var predictor = new TriggerPredictor(history, [new ForecasterCandidate("SeasonalNaive", () => new SeasonalNaiveForecaster())], includeProphet: false);
            var options = new ProactiveOptions { RefreshInterval = TimeSpan.FromHours(12) };
            var loop = new ProactiveLoop(history, predictor, [workload], options, new ReplayClock(start));
            var report = await loop.RunAsync(trace, lastTrigger.AddHours(1), ct);
            return (report, await ReadTableAsync(staging, "orders"));
        }
    }

    private static async Task<List<string>> ReadTableAsync(StagingStore staging, string table)
    {
        using var cmd = staging.Connection.CreateCommand();
        cmd.CommandText = $"SELECT * FROM {AdaptiveEtl.Kit.Data.SqlIdentifier.Quote(table)} ORDER BY ALL";
        using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    private static async Task<List<string>> ReactiveAsync(string work, IEnumerable<string> files)
    {
        var landing = Path.Combine(work, "landing");
        Directory.CreateDirectory(landing);
        foreach (var f in files) File.Copy(RepoPaths.Sample(Path.Combine("landing", f)), Path.Combine(landing, f));
        await using var staging = StagingStore.OpenInWorkFolder(work);
        var outcome = await staging.StageAsync("orders_daily", new LandingZoneConnector(landing, "orders_files", new LandingZoneOptions { Pattern = "orders_*.csv" }));
        Assert.Equal(StageStatus.Staged, outcome.Status);
        await staging.PublishAsync("orders_daily", "orders_files", "orders");
        return await ReadTableAsync(staging, "orders");
    }

    [Fact]
    public async Task Proactive_target_equals_a_reactive_run_over_the_same_files_row_for_row()
    {
        using var tmp = new TempFolder();
        // triggers of 2025-12-02 … 2025-12-09 (~02:00) ingest the files of 12-01 … 12-08 (before the schema change)
        var (report, target) = await ReplayAsync(Path.Combine(tmp.Path, "proactive"), new DateTimeOffset(2025, 12, 9, 3, 0, 0, TimeSpan.Zero), TestContext.Current.CancellationToken);
        var reactive = await ReactiveAsync(Path.Combine(tmp.Path, "reactive"), Enumerable.Range(1, 8).Select(d => $"orders_2025-12-{d:00}.csv"));
        Assert.Equal(8, report.Triggers.Count);
        Assert.True(reactive.Count > 0);
        Assert.Equal(reactive, target);
        Assert.True(report.Triggers.Sum(t => t.UsedRows) > 0, "nothing came from staging: " + string.Join("; ", report.Timeline.Select(e => e.Kind + " " + e.Detail)));
    }

    [Fact]
    public async Task The_2025_12_09_schema_change_is_caught_while_prefetching_and_the_target_is_not_touched()
    {
        using var tmp = new TempFolder();
        var (report, target) = await ReplayAsync(Path.Combine(tmp.Path, "proactive"), new DateTimeOffset(2025, 12, 10, 3, 0, 0, TimeSpan.Zero), TestContext.Current.CancellationToken);
        var before = await ReactiveAsync(Path.Combine(tmp.Path, "reactive"), Enumerable.Range(1, 8).Select(d => $"orders_2025-12-{d:00}.csv"));
        var down = report.Timeline.First(e => e.Kind == TimelineEventKind.SourceDown);
        Assert.Contains("schema", down.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("customer_id", down.Detail, StringComparison.Ordinal);
        var failed = report.Timeline.Single(e => e.Kind == TimelineEventKind.RunFailed);
        Assert.True(down.Time < failed.Time, "the change must be caught before the run");
        Assert.Equal(before, target); // only the 8 compatible files reached the target
    }
}
