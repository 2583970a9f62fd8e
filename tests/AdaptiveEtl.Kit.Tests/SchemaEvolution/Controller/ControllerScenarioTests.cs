using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Controller;

/// <summary>
/// The controller end to end against a real engine (subclasses: PostgreSQL 15 with HypoPG, DuckDB): a table of rows with
/// an unindexed, unordered lookup key, a workload of point/range lookups on it, and recommendations built by hand.
/// </summary>
public abstract class ControllerScenarioTests
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Inside the 02:00–04:00 window, 90 minutes before it closes.</summary>
    protected static readonly DateTimeOffset InWindow = new(2026, 12, 3, 2, 30, 0, TimeSpan.Zero);

    protected static readonly MaintenanceWindow Window = MaintenanceWindow.Parse("02:00-04:00");

    /// <summary>Rows of the test table (enough that a seq scan is clearly slower than an index lookup).</summary>
    protected abstract int Rows { get; }

    /// <summary>Rows of the table in the test that asserts an index's measured gain (more where scans are fast).</summary>
    protected virtual int GainRows => Rows;

    /// <summary>A fresh empty database with <paramref name="setupSql"/> run in it; returns the production store.</summary>
    protected abstract Task<ISchemaChangeStore> OpenProductionAsync(params string[] setupSql);

    /// <summary>Runs SQL on production on a separate connection (as another client would).</summary>
    protected abstract Task ExecAsync(ISchemaChangeStore store, string sql);

    protected abstract Task<IDecisionLog> OpenLogAsync(ISchemaChangeStore store);

    protected string SeedSql(QualifiedTable t, string key = "k", string qty = "qty", int? rows = null) =>
        $"CREATE TABLE {t.Quoted} AS SELECT g AS id, (g * 7919) % 100003 AS \"{key.Replace("\"", "\"\"")}\", g % 97 AS \"{qty.Replace("\"", "\"\"")}\" FROM generate_series(1, {rows ?? Rows}) AS s(g)";

    protected static IReadOnlyList<WorkloadQuery> Lookups(QualifiedTable t, string key = "k", string qty = "qty")
    {
        var k = "\"" + key.Replace("\"", "\"\"") + "\"";
        var q = "\"" + qty.Replace("\"", "\"\"") + "\"";
        return
        [
            new("point lookup", $"SELECT count(*), sum({q}) FROM {t.Quoted} WHERE {k} = 4242", 10),
            new("other key", $"SELECT id, {q} FROM {t.Quoted} WHERE {k} = 99991", 5),
        ];
    }

    protected static SchemaRecommendation IndexOn(QualifiedTable t, string column = "k") =>
        new("ix-" + t + "-" + column, RecommendationKind.Index, t, [column], new Dictionary<string, string>(),
            ["filtered in 15 of 15 queries"], 0.8, 1 << 20, RecommendationRisk.Low, "an index on the lookup key");

    protected static SchemaControllerOptions Options(Func<ApplyStage, CancellationToken, Task>? hook = null) =>
        new(Window) { MinimumGain = 0.2, Replay = new ReplayOptions(WarmUpRuns: 1, Repeats: 3), StageHook = hook };

    /// <summary>For tests of the mechanics (names, windows, failures), not of the gain: accept any measured gain, never roll back for speed.</summary>
    protected static SchemaControllerOptions Lenient(Func<ApplyStage, CancellationToken, Task>? hook = null) =>
        Options(hook) with { MinimumGain = -1000, RegressionThreshold = 1000 };

    [Fact]
    public async Task An_index_that_speeds_up_the_workload_is_simulated_scheduled_applied_monitored_and_kept()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t, rows: GainRows));
        await using var log = await OpenLogAsync(prod);
        // The production monitor compares millisecond timings on a shared CI machine: a 10 % threshold rolls back a good index
        // when a neighbour's load lands on the "after" run. Only a doubling counts as a regression here; the rollback tests
        // use changes that slow the workload down eight-fold.
        var controller = new SchemaEvolutionController(prod, log, Options() with { RegressionThreshold = 1.0 }, new ManualTimeProvider(InWindow));
        var rec = IndexOn(t);

        var outcome = await controller.RunAsync(rec, Lookups(t), Ct);

        Assert.True(outcome.Status == ChangeStatus.Kept, outcome.Reason);
        Assert.True(outcome.Simulation!.MeasuredGain >= 0.2, $"shadow gain {outcome.Simulation.MeasuredGain}");
        var after = await prod.DescribeAsync(t, Ct);
        Assert.Contains(after.Indexes, i => i.Name == outcome.Simulation.Ddl!.CreatedObject!.Name);
        Assert.Empty(outcome.CatalogBefore!.Indexes);
        var steps = (await log.QueryAsync(rec.Id, cancellationToken: Ct)).Select(e => e.Step).ToList();
        Assert.Equal([DecisionStep.Proposed, DecisionStep.Simulated, DecisionStep.Scheduled, DecisionStep.Applied, DecisionStep.Monitored], steps);
        var simulated = Assert.Single(await log.QueryAsync(rec.Id, DecisionStep.Simulated, Ct));
        Assert.Equal(outcome.Simulation.MeasuredGain!.Value, simulated.Figures["shadow_gain"], 9);
        await AssertWhatIfAsync(outcome.Simulation.WhatIf);
    }

    /// <summary>Engine-specific expectation on the what-if part of the simulation.</summary>
    protected abstract Task AssertWhatIfAsync(WhatIfResult whatIf);

    [Theory]
    [InlineData("x\"; DROP TABLE victim; --", "k\"); DROP TABLE victim; --")]
    [InlineData("Order Details", "select")]
    [InlineData("Ünïcødé 表", "größe")]
    public async Task Names_with_quotes_spaces_keywords_and_unicode_work_and_hostile_names_are_never_executed(string table, string column)
    {
        var t = new QualifiedTable(null, table);
        var victim = new QualifiedTable(null, "victim");
        await using var prod = await OpenProductionAsync(SeedSql(t, key: column), $"CREATE TABLE {victim.Quoted} (id INTEGER)", $"INSERT INTO {victim.Quoted} VALUES (1)");
        await using var log = await OpenLogAsync(prod);
        var controller = new SchemaEvolutionController(prod, log, Lenient(), new ManualTimeProvider(InWindow));

        var outcome = await controller.RunAsync(IndexOn(t, column), Lookups(t, key: column), Ct);

        Assert.True(outcome.Status == ChangeStatus.Kept, outcome.Reason);
        Assert.Single((await prod.DescribeAsync(t, Ct)).Indexes);
        var v = await prod.DescribeAsync(victim, Ct);
        Assert.True(v.Exists, "the table named in the hostile identifier must still exist");
        Assert.Equal(1, v.RowCount);
    }

    [Fact]
    public async Task A_view_definition_smuggling_a_second_statement_is_rejected_and_never_runs()
    {
        var t = new QualifiedTable(null, "orders");
        var victim = new QualifiedTable(null, "victim");
        await using var prod = await OpenProductionAsync(SeedSql(t), $"CREATE TABLE {victim.Quoted} (id INTEGER)");
        await using var log = await OpenLogAsync(prod);
        var rec = new SchemaRecommendation("mv-hostile", RecommendationKind.MaterializedView, t, [],
            new Dictionary<string, string> { ["sql"] = $"SELECT 1 AS one; DROP TABLE {victim.Quoted}" }, [], 0.5, 0, RecommendationRisk.Medium, "hostile");

        var outcome = await new SchemaEvolutionController(prod, log, Lenient(), new ManualTimeProvider(InWindow)).RunAsync(rec, Lookups(t), Ct);

        Assert.Equal(ChangeStatus.Rejected, outcome.Status);
        Assert.Contains("more than one statement", outcome.Reason);
        Assert.True((await prod.DescribeAsync(victim, Ct)).Exists);
        Assert.Single(await log.QueryAsync("mv-hostile", DecisionStep.Rejected, Ct));
    }

    [Fact]
    public async Task A_recommendation_whose_target_vanished_is_rejected_and_logged()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t));
        await using var log = await OpenLogAsync(prod);
        var controller = new SchemaEvolutionController(prod, log, Lenient(), new ManualTimeProvider(InWindow));

        var gone = await controller.RunAsync(IndexOn(new QualifiedTable(null, "dropped_last_week")), Lookups(t), Ct);
        var noColumn = await controller.RunAsync(IndexOn(t, "renamed_column"), Lookups(t), Ct);

        Assert.Equal(ChangeStatus.Rejected, gone.Status);
        Assert.Contains("does not exist", gone.Reason);
        Assert.Equal(ChangeStatus.Rejected, noColumn.Status);
        Assert.Contains("'renamed_column' not found", noColumn.Reason);
        var rejected = await log.QueryAsync(step: DecisionStep.Rejected, cancellationToken: Ct);
        Assert.Equal(2, rejected.Count);
        Assert.Contains("dropped_last_week", rejected[0].Detail);
        Assert.Empty((await prod.DescribeAsync(t, Ct)).Indexes);
    }

    [Fact]
    public async Task A_target_that_vanishes_between_simulation_and_window_is_rejected_at_apply_time()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t));
        await using var log = await OpenLogAsync(prod);
        var clock = new ManualTimeProvider(InWindow.AddHours(-12)); // 14:30: simulate now, apply tonight
        var controller = new SchemaEvolutionController(prod, log, Lenient(), clock);
        var rec = IndexOn(t);
        var sim = await controller.SimulateAsync(rec, Lookups(t), Ct);
        var scheduled = await controller.ScheduleAsync(sim, Lookups(t), Ct);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero), scheduled.NotBefore);

        await ExecAsync(prod, $"DROP TABLE {t.Quoted}");
        clock.Now = InWindow;
        var outcome = await controller.ApplyAsync(scheduled, Ct);

        Assert.Equal(ChangeStatus.Rejected, outcome.Status);
        Assert.Contains("does not exist", outcome.Reason);
        Assert.Single(await log.QueryAsync(rec.Id, DecisionStep.Rejected, Ct));
    }

    [Fact]
    public async Task Outside_the_window_production_is_not_touched()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t));
        await using var log = await OpenLogAsync(prod);
        var clock = new ManualTimeProvider(InWindow);
        var controller = new SchemaEvolutionController(prod, log, Lenient(), clock);
        var sim = await controller.SimulateAsync(IndexOn(t), Lookups(t), Ct);
        var scheduled = await controller.ScheduleAsync(sim, Lookups(t), Ct);

        clock.Now = new DateTimeOffset(2026, 12, 3, 3, 55, 0, TimeSpan.Zero); // 5 minutes left < 10 needed
        var tooLate = await controller.ApplyAsync(scheduled, Ct);
        clock.Now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        var outside = await controller.ApplyAsync(scheduled, Ct);

        Assert.Equal(ChangeStatus.NotStarted, tooLate.Status);
        Assert.Contains("min left", tooLate.Reason);
        Assert.Equal(ChangeStatus.NotStarted, outside.Status);
        Assert.Contains("outside the maintenance window", outside.Reason);
        Assert.Empty((await prod.DescribeAsync(t, Ct)).Indexes);
        Assert.Equal(2, (await log.QueryAsync(step: DecisionStep.NotStarted, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task A_window_that_closes_mid_change_rolls_the_change_back()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t));
        await using var log = await OpenLogAsync(prod);
        var clock = new ManualTimeProvider(InWindow);
        var options = Lenient(async (stage, _) =>
        {
            if (stage == ApplyStage.ForwardExecuted) clock.Now = new DateTimeOffset(2026, 12, 3, 4, 1, 0, TimeSpan.Zero);
            await Task.CompletedTask;
        });
        var controller = new SchemaEvolutionController(prod, log, options, clock);

        var outcome = await controller.RunAsync(IndexOn(t), Lookups(t), Ct);

        Assert.Equal(ChangeStatus.Failed, outcome.Status);
        Assert.Contains("closed", outcome.Reason);
        Assert.Contains("store unchanged: yes", outcome.Reason);
        Assert.True(outcome.CatalogAfter!.SameAs(outcome.CatalogBefore!));
        Assert.Empty((await prod.DescribeAsync(t, Ct)).Indexes);
        Assert.False(await prod.ObjectExistsAsync(outcome.Simulation!.Ddl!.CreatedObject!, Ct));
    }

    [Fact]
    public async Task The_shadow_is_a_separate_copy_and_a_sample_holds_about_its_fraction_of_rows()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t));
        await using (var full = await prod.CreateShadowAsync([t], new ShadowOptions(), Ct))
        {
            Assert.True(full.IsShadow);
            Assert.Equal(Rows, (await full.DescribeAsync(t, Ct)).RowCount);
            await full.ExecuteChangeAsync([$"DELETE FROM {t.Quoted} WHERE id > 10"], null, Ct);
            Assert.Equal(10, (await full.DescribeAsync(t, Ct)).RowCount);
        }
        Assert.Equal(Rows, (await prod.DescribeAsync(t, Ct)).RowCount);
        await using var sampled = await prod.CreateShadowAsync([t], new ShadowOptions(SampleFraction: 0.1, Seed: 7), Ct);
        var n = (await sampled.DescribeAsync(t, Ct)).RowCount;
        // Bernoulli(0.1) over Rows rows: mean 0.1·Rows, sd √(Rows·0.1·0.9); ±6 sd cannot fail by chance.
        double sd = Math.Sqrt(Rows * 0.1 * 0.9);
        Assert.InRange(n, 0.1 * Rows - 6 * sd, 0.1 * Rows + 6 * sd);
    }

    [Fact]
    public async Task A_replay_never_changes_the_store()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t));
        var timing = await prod.ReplayAsync([new WorkloadQuery("sneaky write", $"DELETE FROM {t.Quoted} WHERE id < 100", 1)], new ReplayOptions(0, 1), Ct)
            .ContinueWith(task => task.IsFaulted ? null : task.Result, TaskScheduler.Default);
        // PostgreSQL refuses the write in its READ ONLY transaction; DuckDB runs it inside a transaction that is rolled back.
        Assert.Equal(Rows, (await prod.DescribeAsync(t, Ct)).RowCount);
        if (timing is not null) Assert.Single(timing.Queries);
    }
}
