using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Proactive.Pipelines;
using AdaptiveEtl.Kit.Proactive.Planning;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.Proactive.Pipelines;

/// <summary>
/// The key requirement: a hybrid run (run ahead on the staged rows + the late delta at trigger time) writes target tables
/// identical, row for row, to a reactive run over staged ∪ delta. Compared with EXCEPT ALL in both directions plus counts.
/// </summary>
public sealed class HybridEquivalenceTests
{
    private static readonly string[] Outputs = ["orders_clean", "orders_banded", "orders_unique", "revenue_daily", "customer_totals", "orders_share"];

    /// <summary>Staged rows = the files of 12-01..12-05; delta = 12-06..12-08 plus late corrections of staged orders (re-sent with a later timestamp and a new status).</summary>
    private static void StageFilesSplit(DuckDBConnection c)
    {
        OrdersFixture.Load(c, "staged", OrdersFixture.Files.Take(5));
        OrdersFixture.Load(c, "delta", OrdersFixture.Files.Skip(5));
        OrdersFixture.Execute(c, """
            INSERT INTO delta SELECT order_id, customer_id, order_ts + INTERVAL 3 HOUR, amount, 'REFUNDED ', 'late-corrections.csv'
            FROM staged WHERE order_id % 17 = 0;
            INSERT INTO delta VALUES (999001, 42, TIMESTAMP '2025-12-08 10:00:00', 0, 'completed', 'late-corrections.csv'),
                                     (999002, 42, TIMESTAMP '2025-12-08 11:00:00', -5.5, 'completed', 'late-corrections.csv')
            """);
    }

    private static async Task<PipelineRunResult> RunBothAndCompare(DuckDBConnection c, PipelineDefinition pipeline, int parallelism = 2, IEnumerable<string>? complete = null, string hybridSchema = "hybrid")
    {
        OrdersFixture.Execute(c, "CREATE OR REPLACE TABLE all_orders AS SELECT * FROM staged UNION ALL SELECT * FROM delta");
        var planner = new PipelinePlanner(new PlannerOptions { MaxParallelism = parallelism });
        var reactive = new ReactiveExecutor(c, options: new ExecutorOptions { TargetSchema = "reactive" }, planner: planner);
        var reactiveResult = await reactive.RunAsync(pipeline, new Dictionary<string, TableName> { ["orders_raw"] = "all_orders" }, TestContext.Current.CancellationToken);

        var hybrid = new HybridExecutor(c, options: new ExecutorOptions { TargetSchema = hybridSchema }, planner: planner);
        var staged = new Dictionary<string, TableName> { ["orders_raw"] = "staged" };
        var plan = hybrid.Plan(pipeline, staged, predictedRemainingRows: 700, completeSources: complete);
        var ahead = await hybrid.RunAheadAsync(plan, staged, TestContext.Current.CancellationToken);
        var result = await hybrid.CompleteAsync(ahead, new Dictionary<string, TableName> { ["orders_raw"] = "delta" }, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(reactiveResult.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToString());
        foreach (var table in pipeline.Steps.Select(s => s.Output))
            AssertIdentical(c, new TableName("reactive", table), new TableName(hybridSchema, table));
        return result;
    }

    internal static void AssertIdentical(DuckDBConnection c, TableName expected, TableName actual)
    {
        long n = OrdersFixture.Scalar(c, $"SELECT count(*) FROM {expected.Quoted}");
        Assert.Equal(n, OrdersFixture.Scalar(c, $"SELECT count(*) FROM {actual.Quoted}"));
        Assert.Equal(0, OrdersFixture.Scalar(c, $"SELECT count(*) FROM (SELECT * FROM {expected.Quoted} EXCEPT ALL SELECT * FROM {actual.Quoted})"));
        Assert.Equal(0, OrdersFixture.Scalar(c, $"SELECT count(*) FROM (SELECT * FROM {actual.Quoted} EXCEPT ALL SELECT * FROM {expected.Quoted})"));
    }

    [Fact]
    public async Task Hybrid_equals_reactive_with_a_late_delta_and_corrections()
    {
        using var c = OrdersFixture.Open();
        StageFilesSplit(c);
        var result = await RunBothAndCompare(c, OrdersFixture.Pipeline());

        // The hybrid path was really taken: row-wise steps ran ahead and only processed the delta at trigger time.
        Assert.Equal(StepAction.Delta, result.AtTrigger("clean").Action);
        Assert.Equal(StepAction.Delta, result.AtTrigger("band").Action);
        Assert.Equal(StepAction.Full, result.AtTrigger("dedup").Action);
        Assert.Equal(OrdersFixture.Scalar(c, "SELECT count(*) FROM delta"), result.AtTrigger("clean").RowsIn);
        // 1 550 sample rows + 2 bad late rows + corrections; the corrections replace staged orders in dedup.
        Assert.Equal(1550, OrdersFixture.Scalar(c, "SELECT count(*) FROM hybrid.orders_unique"));
        Assert.True(OrdersFixture.Scalar(c, "SELECT count(*) FROM hybrid.orders_unique WHERE status = 'refunded' AND order_id % 17 = 0") > 0);
        Assert.Equal(0, OrdersFixture.Scalar(c, "SELECT count(*) FROM hybrid.orders_clean WHERE amount <= 0"));
    }

    [Fact]
    public async Task Hybrid_equals_reactive_when_rows_of_one_file_arrive_late()
    {
        using var c = OrdersFixture.Open();
        OrdersFixture.Load(c, "staged", OrdersFixture.Files, where: "order_ts < TIMESTAMP '2025-12-06 12:00:00'");
        OrdersFixture.Load(c, "delta", OrdersFixture.Files, where: "order_ts >= TIMESTAMP '2025-12-06 12:00:00'");
        Assert.True(OrdersFixture.Scalar(c, "SELECT count(*) FROM delta") > 100);
        await RunBothAndCompare(c, OrdersFixture.Pipeline());
    }

    [Fact]
    public async Task Hybrid_equals_reactive_with_an_empty_delta_and_reuses_holistic_results_of_complete_sources()
    {
        using var c = OrdersFixture.Open();
        OrdersFixture.Load(c, "staged", OrdersFixture.Files);
        OrdersFixture.Load(c, "delta", []);
        var result = await RunBothAndCompare(c, OrdersFixture.Pipeline(), complete: ["orders_raw"]);
        Assert.All(result.Plan.Steps, s => Assert.Equal(StepPhase.RunAhead, s.Phase));
        Assert.Equal(StepAction.Reused, result.AtTrigger("daily").Action);
        Assert.Equal(StepAction.Reused, result.AtTrigger("dedup").Action);
        Assert.Equal(StepAction.Delta, result.AtTrigger("clean").Action);
        Assert.Equal(0, result.AtTrigger("clean").RowsIn);
    }

    [Fact]
    public async Task Hybrid_equals_reactive_when_a_source_declared_complete_still_receives_a_delta()
    {
        using var c = OrdersFixture.Open();
        StageFilesSplit(c);
        var result = await RunBothAndCompare(c, OrdersFixture.Pipeline(), complete: ["orders_raw"]);
        Assert.Equal(StepAction.Full, result.AtTrigger("daily").Action); // ran ahead, then re-ran because its input changed
    }

    [Fact]
    public async Task Hybrid_equals_reactive_when_nothing_was_staged()
    {
        using var c = OrdersFixture.Open();
        OrdersFixture.Load(c, "staged", []);
        OrdersFixture.Load(c, "delta", OrdersFixture.Files);
        var result = await RunBothAndCompare(c, OrdersFixture.Pipeline());
        Assert.Empty(result.Plan.InPhase(StepPhase.RunAhead));
        Assert.Equal(1550, OrdersFixture.Scalar(c, "SELECT count(*) FROM hybrid.orders_clean"));
    }

    [Fact]
    public async Task Parallel_and_sequential_execution_write_the_same_tables()
    {
        using var c = OrdersFixture.Open();
        StageFilesSplit(c);
        var parallel = await RunBothAndCompare(c, OrdersFixture.Pipeline(), parallelism: 4, hybridSchema: "hybrid_parallel");
        Assert.True(parallel.Plan.MaxParallelism >= 2); // dedup's consumers (daily, customers) and share can overlap
        var sequential = await RunBothAndCompare(c, OrdersFixture.Pipeline(), parallelism: 1, hybridSchema: "hybrid_sequential");
        Assert.Equal(1, sequential.Plan.MaxParallelism);
        foreach (var table in Outputs)
            AssertIdentical(c, new TableName("hybrid_sequential", table), new TableName("hybrid_parallel", table));
    }

    [Fact]
    public async Task A_holistic_step_declared_row_wise_is_caught_by_the_comparison()
    {
        // Negative control: the comparison is not vacuous. A per-status count declared row-wise is wrong once a delta
        // arrives (the staged and delta counts of one status become two rows instead of one).
        using var c = OrdersFixture.Open();
        StageFilesSplit(c);
        var wrong = PipelineDefinition.Create("wrong").Source("orders_raw")
            .Sql("counts", inputs: ["orders_raw"], output: "status_counts", mode: StepMode.RowWise, sql: "SELECT status, count(*) AS n FROM {orders_raw} GROUP BY status");
        await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => RunBothAndCompare(c, wrong));
    }

    [Fact]
    public async Task Hybrid_equals_reactive_in_a_file_backed_database_and_skips_after_reopening()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aek-pipeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "work.duckdb");
        try
        {
            using (var c = new DuckDBConnection($"Data Source={path}"))
            {
                c.Open();
                StageFilesSplit(c);
                await RunBothAndCompare(c, OrdersFixture.Pipeline(), parallelism: 2);
            }
            // Reopened: the published outputs and their fingerprints survived; an unchanged run skips every step.
            using (var c = new DuckDBConnection($"Data Source={path}"))
            {
                c.Open();
                var hybrid = new HybridExecutor(c, options: new ExecutorOptions { TargetSchema = "hybrid" });
                var staged = new Dictionary<string, TableName> { ["orders_raw"] = "staged" };
                var ahead = await hybrid.RunAheadAsync(hybrid.Plan(OrdersFixture.Pipeline(), staged, 0), staged, TestContext.Current.CancellationToken);
                var again = await hybrid.CompleteAsync(ahead, new Dictionary<string, TableName> { ["orders_raw"] = "delta" }, TestContext.Current.CancellationToken);
                Assert.All(again.Plan.Steps, s => Assert.Equal(StepPhase.Skipped, s.Phase));
                foreach (var table in Outputs)
                    AssertIdentical(c, new TableName("reactive", table), new TableName("hybrid", table));
                Assert.Equal(0, OrdersFixture.Scalar(c, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'pipeline_work' AND table_name <> 'published_outputs'"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
