using System.Globalization;
using AdaptiveEtl.Kit.Proactive.Pipelines;
using AdaptiveEtl.Kit.Proactive.Planning;

namespace AdaptiveEtl.Kit.Tests.Proactive.Pipelines;

public sealed class CSharpStepTests
{
    [Fact]
    public async Task A_csharp_step_runs_in_planned_batches_and_matches_the_same_logic_in_sql()
    {
        using var c = OrdersFixture.Open();
        OrdersFixture.Load(c, "orders", OrdersFixture.Files);
        int calls = 0;
        var p = PipelineDefinition.Create("cs").Source("orders_raw")
            .Step("band", "orders_raw", "banded", [new("order_id", "BIGINT"), new("band", "VARCHAR"), new("cents", "BIGINT")], batch =>
            {
                Interlocked.Increment(ref calls);
                Assert.True(batch.Count <= 100);
                return batch.Rows.Select(r =>
                {
                    var amount = Convert.ToDecimal(r[batch.Ordinal("amount")], System.Globalization.CultureInfo.InvariantCulture);
                    return new object?[] { r[batch.Ordinal("order_id")], amount >= 200m ? "large" : amount >= 50m ? "medium" : "small", (long)(amount * 100) };
                });
            });
        // Batch size is the planner's: target 0.25 s at the default 1 µs/row, clamped here to exactly 100 rows.
        var planner = new PipelinePlanner(new PlannerOptions { MinBatchRows = 100, MaxBatchRows = 100 });
        var result = await new ReactiveExecutor(c, planner: planner).RunAsync(p, new Dictionary<string, TableName> { ["orders_raw"] = "orders" }, TestContext.Current.CancellationToken);
        Assert.Equal(100, result.Plan.Step("band").BatchRows);
        Assert.Equal(16, calls); // ceil(1550 / 100)

        // The same banding written independently in SQL.
        OrdersFixture.Execute(c, """
            CREATE TABLE expected AS SELECT order_id, CASE WHEN amount >= 200 THEN 'large' WHEN amount >= 50 THEN 'medium' ELSE 'small' END AS band,
                   CAST(amount * 100 AS BIGINT) AS cents FROM orders
            """);
        HybridEquivalenceTests.AssertIdentical(c, "expected", "banded");
    }

    [Fact]
    public async Task A_csharp_row_of_the_wrong_width_fails_the_step_and_leaves_no_output()
    {
        using var c = OrdersFixture.Open();
        OrdersFixture.Load(c, "orders", OrdersFixture.Files.Take(1));
        var p = PipelineDefinition.Create("cs").Source("orders_raw")
            .Step("bad", "orders_raw", "out", [new("a", "BIGINT"), new("b", "BIGINT")], batch => batch.Rows.Select(r => new object?[] { r[0] }));
        var e = await Assert.ThrowsAsync<KitDataException>(() => new ReactiveExecutor(c).RunAsync(p, new Dictionary<string, TableName> { ["orders_raw"] = "orders" }, TestContext.Current.CancellationToken));
        Assert.Contains("step 'bad'", e.Message);
        Assert.Contains("expected 2 (a, b)", e.Message);
        Assert.Equal(0, OrdersFixture.Scalar(c, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'out%'"));
    }

    [Fact]
    public async Task An_exception_in_the_function_names_the_step_and_batch()
    {
        using var c = OrdersFixture.Open();
        OrdersFixture.Load(c, "orders", OrdersFixture.Files.Take(1));
        var p = PipelineDefinition.Create("cs").Source("orders_raw")
            .Step("parse", "orders_raw", "out", [new("a", "BIGINT")], batch => batch.Rows.Select(r => new object?[] { long.Parse((string)r[batch.Ordinal("status")]!, CultureInfo.InvariantCulture) }));
        var e = await Assert.ThrowsAsync<KitDataException>(() => new ReactiveExecutor(c).RunAsync(p, new Dictionary<string, TableName> { ["orders_raw"] = "orders" }, TestContext.Current.CancellationToken));
        Assert.Contains("pipeline 'cs', step 'parse'", e.Message);
        Assert.Contains("batch starting at input row 0", e.Message);
        Assert.IsType<FormatException>(e.InnerException);
    }
}
