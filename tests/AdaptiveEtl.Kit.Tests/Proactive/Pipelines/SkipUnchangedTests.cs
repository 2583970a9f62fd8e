using AdaptiveEtl.Kit.Proactive.Pipelines;
using AdaptiveEtl.Kit.Proactive.Planning;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.Proactive.Pipelines;

public sealed class SkipUnchangedTests
{
    private static async Task<PipelineRunResult> Hybrid(DuckDBConnection c, IStepCostStore? store, PipelineDefinition p)
    {
        var hybrid = new HybridExecutor(c, store, new ExecutorOptions { TargetSchema = "hybrid" });
        var staged = new Dictionary<string, TableName> { ["orders_raw"] = "staged" };
        var ahead = await hybrid.RunAheadAsync(hybrid.Plan(p, staged, 300), staged, TestContext.Current.CancellationToken);
        return await hybrid.CompleteAsync(ahead, new Dictionary<string, TableName> { ["orders_raw"] = "delta" }, TestContext.Current.CancellationToken);
    }

    private static async Task CompareWithReactive(DuckDBConnection c, PipelineDefinition p)
    {
        OrdersFixture.Execute(c, "CREATE OR REPLACE TABLE all_orders AS SELECT * FROM staged UNION ALL SELECT * FROM delta");
        await new ReactiveExecutor(c, options: new ExecutorOptions { TargetSchema = "reactive" })
            .RunAsync(p, new Dictionary<string, TableName> { ["orders_raw"] = "all_orders" }, TestContext.Current.CancellationToken);
        foreach (var s in p.Steps) HybridEquivalenceTests.AssertIdentical(c, new TableName("reactive", s.Output), new TableName("hybrid", s.Output));
    }

    [Fact]
    public async Task Steps_whose_inputs_did_not_change_are_skipped_at_trigger_time()
    {
        using var c = OrdersFixture.Open();
        using var store = StepCostStore.OpenDuckDb(":memory:");
        OrdersFixture.Load(c, "staged", OrdersFixture.Files.Take(6));
        OrdersFixture.Load(c, "delta", OrdersFixture.Files.Skip(6));
        var p = OrdersFixture.Pipeline();

        var first = await Hybrid(c, store, p);
        Assert.DoesNotContain(first.Steps, s => s.Action == StepAction.Skipped);

        // Same inputs again: every step is skipped and the targets still hold the right result.
        var second = await Hybrid(c, store, p);
        Assert.All(p.Steps, s => Assert.Equal(StepAction.Skipped, second.AtTrigger(s.Name).Action));
        Assert.All(second.Plan.Steps, s => Assert.Equal(StepPhase.Skipped, s.Phase));
        await CompareWithReactive(c, p);

        // A changed definition re-runs that step only (its upstream is unchanged, it has no consumers).
        var changed = PipelineDefinition.Create("orders").Source("orders_raw");
        foreach (var s in p.Steps)
            changed = s.Kind == StepKind.CSharp ? changed.Step(s.Name, s.Inputs[0], s.Output, s.Columns, s.Transform!, s.Mode, s.Version)
                : s.Name == "daily" ? changed.Sql(s.Name, s.Inputs, s.Output, s.Sql!.Replace("count(*) AS orders", "count(DISTINCT order_id) AS orders"), s.Mode)
                : changed.Sql(s.Name, s.Inputs, s.Output, s.Sql!, s.Mode);
        var third = await Hybrid(c, store, changed);
        Assert.Equal(StepAction.Full, third.AtTrigger("daily").Action);
        Assert.All(changed.Steps.Where(s => s.Name != "daily"), s => Assert.Equal(StepAction.Skipped, third.AtTrigger(s.Name).Action));
        await CompareWithReactive(c, changed);

        // One more late row: everything downstream of the source runs again.
        OrdersFixture.Execute(c, "INSERT INTO delta VALUES (999100, 7, TIMESTAMP '2025-12-08 23:00:00', 12.5, 'completed', 'late.csv')");
        var fourth = await Hybrid(c, store, changed);
        Assert.DoesNotContain(fourth.Steps, s => s.Action == StepAction.Skipped);
        await CompareWithReactive(c, changed);
    }

    [Fact]
    public async Task A_dropped_target_table_is_rebuilt_instead_of_skipped()
    {
        using var c = OrdersFixture.Open();
        using var store = StepCostStore.OpenDuckDb(":memory:");
        OrdersFixture.Load(c, "staged", OrdersFixture.Files.Take(6));
        OrdersFixture.Load(c, "delta", OrdersFixture.Files.Skip(6));
        var p = OrdersFixture.Pipeline();
        await Hybrid(c, store, p);
        OrdersFixture.Execute(c, "DROP TABLE hybrid.revenue_daily");
        var again = await Hybrid(c, store, p);
        Assert.Equal(StepAction.Full, again.AtTrigger("daily").Action);
        Assert.Equal(StepAction.Skipped, again.AtTrigger("customers").Action);
        await CompareWithReactive(c, p);
    }

    [Fact]
    public async Task Skipping_needs_no_cost_store_and_follows_the_fingerprint_published_with_each_table()
    {
        using var c = OrdersFixture.Open();
        OrdersFixture.Load(c, "staged", OrdersFixture.Files.Take(6));
        OrdersFixture.Load(c, "delta", OrdersFixture.Files.Skip(6));
        var p = OrdersFixture.Pipeline();
        await Hybrid(c, null, p);
        Assert.Equal(p.Steps.Count, OrdersFixture.Scalar(c, "SELECT count(*) FROM pipeline_work.published_outputs WHERE target_schema = 'hybrid'"));
        var again = await Hybrid(c, null, p);
        Assert.All(p.Steps, s => Assert.Equal(StepAction.Skipped, again.AtTrigger(s.Name).Action));

        // Inputs Y, then back to X: the tables hold f(Y) after the second run, so the third must run again.
        OrdersFixture.Execute(c, "INSERT INTO delta VALUES (999200, 8, TIMESTAMP '2025-12-08 23:30:00', 80, 'completed', 'late.csv')");
        await Hybrid(c, null, p);
        OrdersFixture.Execute(c, "DELETE FROM delta WHERE order_id = 999200");
        var back = await Hybrid(c, null, p);
        Assert.Equal(StepAction.Delta, back.AtTrigger("clean").Action);
        await CompareWithReactive(c, p);
    }
}
