using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Pipelines;
using AdaptiveEtl.Kit.Proactive.Replay;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using AdaptiveEtl.Kit.Tests.Proactive.Pipelines;
using AdaptiveEtl.Kit.Triggers;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.Proactive;

/// <summary>
/// The loop driving <see cref="HybridExecutor"/> through <see cref="PipelineWorkload"/>: the sample landing zone replayed
/// in virtual time, the pipeline run ahead on pre-fetched files and finished on the late delta at each trigger. After
/// EVERY trigger the loop's target tables are compared row for row (EXCEPT ALL both ways plus counts) with a purely
/// reactive run of the same pipeline over the same input rows, on the recorded trace and on one with late and missing triggers.
/// </summary>
public sealed class PipelineLoopTests
{
    private static readonly SourceSpeed Slow = new(TimeSpan.FromSeconds(2), 64 * 1024, 1);
    private static readonly string[] Outputs = ["orders_clean", "orders_banded", "orders_unique", "revenue_daily", "customer_totals", "orders_share"];

    /// <summary>The orders pipeline of the executor tests, over the landing files' own columns.</summary>
    private static PipelineDefinition Pipeline() => PipelineDefinition.Create("orders")
        .Source("orders_raw")
        .Sql("clean", inputs: ["orders_raw"], output: "orders_clean", mode: StepMode.RowWise, sql: """
            SELECT CAST(order_id AS BIGINT) AS order_id, CAST(customer_id AS BIGINT) AS customer_id, CAST(order_ts AS TIMESTAMP) AS order_ts,
                   CAST(amount AS DECIMAL(12,2)) AS amount, lower(trim(status)) AS status
            FROM {orders_raw} WHERE amount > 0 AND order_id IS NOT NULL
            """)
        .Step("band", input: "orders_clean", output: "orders_banded",
            columns: [new("order_id", "BIGINT"), new("customer_id", "BIGINT"), new("order_ts", "TIMESTAMP"), new("amount", "DECIMAL(12,2)"), new("status", "VARCHAR"), new("band", "VARCHAR")],
            transform: batch => batch.Rows.Select(r =>
            {
                var amount = Convert.ToDecimal(r[batch.Ordinal("amount")], System.Globalization.CultureInfo.InvariantCulture);
                return new object?[] { r[batch.Ordinal("order_id")], r[batch.Ordinal("customer_id")], r[batch.Ordinal("order_ts")], amount, r[batch.Ordinal("status")],
                    amount >= 200m ? "large" : amount >= 50m ? "medium" : "small" };
            }), mode: StepMode.RowWise, version: "1")
        .Sql("dedup", inputs: ["orders_banded"], output: "orders_unique", sql: """
            SELECT * EXCLUDE (rn) FROM (
              SELECT *, row_number() OVER (PARTITION BY order_id ORDER BY order_ts DESC, status, amount DESC) AS rn FROM {orders_banded})
            WHERE rn = 1
            """)
        .Sql("daily", inputs: ["orders_unique"], output: "revenue_daily", sql: """
            SELECT CAST(order_ts AS DATE) AS day, status, count(*) AS orders, sum(amount) AS revenue FROM {orders_unique} GROUP BY ALL
            """)
        .Sql("customers", inputs: ["orders_unique"], output: "customer_totals", sql: """
            SELECT customer_id, count(*) AS orders, sum(amount) AS total FROM {orders_unique} GROUP BY customer_id
            """)
        .Sql("share", inputs: ["orders_clean", "customer_totals"], output: "orders_share", mode: StepMode.RowWise, sql: """
            SELECT o.order_id, o.customer_id, o.amount, o.amount / t.total AS share_of_customer
            FROM {orders_clean} o JOIN {customer_totals} t USING (customer_id)
            """);

    /// <summary>
    /// Wraps the workload under test: after each trigger-time run it snapshots the rows the run saw and runs the pipeline
    /// reactively over them into schema <c>reactive</c>, then compares every output with the loop's (schema <c>main</c>).
    /// </summary>
    private sealed class ComparingWorkload(PipelineWorkload inner, StagingStore staging) : IProactiveWorkload, IPredictionObserver
    {
        public int Compared { get; private set; }
        public List<HybridRunOutcome> Outcomes { get; } = [];
        public List<PipelineRunResult> Runs { get; } = [];
        public string Pipeline => inner.Pipeline;
        public string Source => inner.Source;
        public SourceSpeed Speed => inner.Speed;
        public Task<FetchTicket?> FetchAsync(DateTimeOffset now, CancellationToken ct) => inner.FetchAsync(now, ct);
        public Task<(long Rows, long Bytes)> DiscardStagedAsync(CancellationToken ct) => inner.DiscardStagedAsync(ct);
        public void OnPrediction(TriggerPrediction prediction) => inner.OnPrediction(prediction);

        public async Task<HybridRunOutcome> RunAsync(DateTimeOffset trigger, CancellationToken ct)
        {
            var outcome = await inner.RunAsync(trigger, ct);
            Outcomes.Add(outcome);
            Runs.Add(inner.LastRun!);
            using var c = staging.OpenConnection();
            var stage = SqlIdentifier.Quote(StagingStore.StagingTableName(Pipeline, Source));
            OrdersFixture.Execute(c, $"CREATE OR REPLACE TABLE reactive_input AS SELECT * EXCLUDE ({StagingStore.BatchColumn}, {StagingStore.PartColumn}) FROM {stage}");
            var reactive = new ReactiveExecutor(c, options: new ExecutorOptions { TargetSchema = "reactive", RecordCosts = false });
            await reactive.RunAsync(inner.Definition, new Dictionary<string, TableName> { ["orders_raw"] = "reactive_input" }, ct);
            foreach (var table in Outputs)
                HybridEquivalenceTests.AssertIdentical(c, new TableName("reactive", table), new TableName("main", table));
            Compared++;
            return outcome;
        }
    }

    private static async Task<(ProactiveRunReport Report, ComparingWorkload Workload, long InputRows, long FileRows)> ReplayAsync(
        string work, DateTimeOffset lastTrigger, Func<TriggerTrace, TriggerTrace> edit, CancellationToken ct)
    {
        var runsCsv = RepoPaths.Sample("etl_runs.csv");
        if (!File.Exists(runsCsv)) Assert.Skip("data-samples/etl_runs.csv is not generated yet");
        var start = new DateTimeOffset(2025, 12, 1, 12, 0, 0, TimeSpan.Zero);
        using var history = RunHistoryStore.OpenDuckDb(":memory:");
        using var all = RunHistoryStore.OpenDuckDb(":memory:");
        all.ImportCsv(runsCsv);
        foreach (var r in all.GetRunRecords("orders_daily", null, start)) history.Append(r);
        var recorded = all.GetRunRecords("orders_daily", start, lastTrigger.AddMinutes(1));
        var trace = edit(new TriggerTrace(recorded));
        // Files of even days land at 01:30 (pre-fetched); files of odd days land 5 s before the recorded trigger that
        // ingests them, after the last pre-fetch round, so that run must finish them as a late delta.
        var triggerOn = recorded.GroupBy(r => DateOnly.FromDateTime(r.TriggerTime.UtcDateTime)).ToDictionary(g => g.Key, g => g.Min(r => r.TriggerTime));
        DateTimeOffset Arrival(string file)
        {
            var halfPastOne = LandingZoneArrivals.NextDayAtHalfPastOne(file);
            var day = DateOnly.FromDateTime(halfPastOne.UtcDateTime);
            return day.Day % 2 == 0 && triggerOn.TryGetValue(day, out var t) ? t.AddSeconds(-5) : halfPastOne;
        }
        var arrivals = new LandingZoneArrivals(RepoPaths.Sample("landing"), Path.Combine(work, "landing"), Arrival, "orders_*.csv");
        var source = new SimulatedSlowSource(new LandingZoneConnector(arrivals.LandingFolder, "orders_files", new LandingZoneOptions { Pattern = "orders_*.csv" }), Slow);
        await using var staging = StagingStore.OpenInWorkFolder(work);
        var workload = new ComparingWorkload(
            new PipelineWorkload("orders_daily", source, staging, Pipeline(), stageOptions: new StageOptions { Retry = RetryPolicy.None }, beforeRead: arrivals.DeliverAsync), staging);
        var predictor = new TriggerPredictor(history, [new ForecasterCandidate("SeasonalNaive", () => new SeasonalNaiveForecaster())], includeProphet: false);
        var loop = new ProactiveLoop(history, predictor, [workload], new ProactiveOptions { RefreshInterval = TimeSpan.FromHours(12) }, new ReplayClock(start));
        var report = await loop.RunAsync(trace, lastTrigger.AddHours(1), ct);

        // Independent of the loop: every delivered file's rows are in the input exactly once.
        using var c = staging.OpenConnection();
        long input = OrdersFixture.Scalar(c, $"SELECT count(*) FROM {SqlIdentifier.Quote(StagingStore.StagingTableName("orders_daily", "orders_files"))}");
        var delivered = Directory.GetFiles(arrivals.LandingFolder, "orders_*.csv").Select(SqlIdentifier.Literal).ToList();
        long fileRows = OrdersFixture.Scalar(c, $"SELECT count(*) FROM read_csv([{string.Join(", ", delivered)}], header = true)");
        return (report, workload, input, fileRows);
    }

    [Fact]
    public async Task Every_trigger_of_the_recorded_trace_publishes_what_a_reactive_run_writes()
    {
        using var tmp = new TempFolder();
        var (report, workload, input, fileRows) = await ReplayAsync(tmp.Path, new DateTimeOffset(2025, 12, 9, 3, 0, 0, TimeSpan.Zero), t => t, TestContext.Current.CancellationToken);
        Assert.Equal(8, report.Triggers.Count);
        Assert.Equal(8, workload.Compared);
        Assert.Equal(fileRows, input);
        // The hybrid path was taken: pre-fetched rows were used, and at some trigger the row-wise steps only ran the delta
        // or reused their run-ahead result instead of recomputing everything.
        Assert.True(report.Triggers.Sum(t => t.UsedRows) > 0, string.Join("; ", report.Timeline.Select(e => e.Kind + " " + e.Detail)));
        // Late files were finished at the trigger as a delta on top of the run ahead: row-wise steps processed only the delta.
        var late = workload.Outcomes.Zip(workload.Runs).Where(p => p.First.OnDemandRows > 0).ToList();
        Assert.True(late.Count >= 3, $"{late.Count} run(s) had a late delta");
        Assert.All(late, p => Assert.Equal(StepAction.Delta, p.Second.AtTrigger("clean").Action));
        Assert.All(late, p => Assert.Equal(p.First.OnDemandRows, p.Second.AtTrigger("clean").RowsIn));
        Assert.Contains(workload.Runs, r => r.Steps.Any(s => s.Phase == "run_ahead"));
    }

    [Fact]
    public async Task Late_and_missing_triggers_still_publish_what_a_reactive_run_writes()
    {
        using var tmp = new TempFolder();
        // drop the 3rd and 6th triggers (their files are picked up by the next run) and move the 5th 7 hours late
        var (report, workload, input, fileRows) = await ReplayAsync(tmp.Path, new DateTimeOffset(2025, 12, 9, 3, 0, 0, TimeSpan.Zero),
            t => t.WithMissing((_, i) => i is 2 or 5).Shifted((_, i) => i == 4 ? TimeSpan.FromHours(7) : TimeSpan.Zero), TestContext.Current.CancellationToken);
        Assert.Equal(6, report.Triggers.Count);
        Assert.Equal(6, workload.Compared);
        Assert.Equal(fileRows, input);
        Assert.Contains(workload.Outcomes, o => o.FileCount >= 2); // a run after a missing trigger covered two days' files
        Assert.Contains(workload.Outcomes, o => o.OnDemandRows > 0);
    }
}
