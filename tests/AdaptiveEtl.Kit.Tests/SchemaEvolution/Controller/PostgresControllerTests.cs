using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Controller;

/// <summary>The controller against a real PostgreSQL 15 server with HypoPG; each test has its own database.</summary>
[Collection(SchemaControllerPostgresCollection.Name)]
public sealed class PostgresControllerTests(PostgresServer server) : ControllerScenarioTests
{
    private readonly Dictionary<ISchemaChangeStore, string> _connectionStrings = [];

    protected override int Rows => 100_000;

    protected override async Task<ISchemaChangeStore> OpenProductionAsync(params string[] setupSql)
    {
        server.SkipIfUnavailable();
        var cs = await server.CreateDatabaseAsync("ctl");
        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync(Ct);
            foreach (var sql in setupSql) { await using var cmd = new NpgsqlCommand(sql, c); await cmd.ExecuteNonQueryAsync(Ct); }
            await using var analyze = new NpgsqlCommand("ANALYZE", c);
            await analyze.ExecuteNonQueryAsync(Ct);
        }
        var store = await PostgresSchemaChangeStore.OpenAsync(cs, Ct);
        _connectionStrings[store] = cs;
        return store;
    }

    protected override async Task ExecAsync(ISchemaChangeStore store, string sql)
    {
        await using var c = new NpgsqlConnection(_connectionStrings[store]);
        await c.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync(Ct);
    }

    protected override async Task<IDecisionLog> OpenLogAsync(ISchemaChangeStore store) => await PostgresDecisionLog.OpenAsync(_connectionStrings[store], Ct);

    protected override Task AssertWhatIfAsync(WhatIfResult whatIf)
    {
        Assert.Null(server.HypoPgUnavailableReason);
        Assert.True(whatIf.Available, whatIf.UnavailableReason);
        Assert.Equal(2, whatIf.Queries.Count);
        Assert.All(whatIf.Queries, q => Assert.True(q.UsesIndex, $"{q.Query.Family} should use the hypothetical index"));
        Assert.All(whatIf.Queries, q => Assert.True(q.CostAfter < q.CostBefore, $"{q.Query.Family}: {q.CostBefore} → {q.CostAfter}"));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_connection_dropped_by_the_server_mid_apply_leaves_the_store_exactly_as_before()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t), $"CREATE INDEX existing_id ON {t.Quoted} (id)");
        await using var log = await OpenLogAsync(prod);
        var cs = _connectionStrings[prod];
        var options = Options(async (stage, ct) =>
        {
            if (stage != ApplyStage.ForwardExecuted) return;
            // Another session kills the backend that holds the open change transaction, and waits until it is gone.
            await using var killer = new NpgsqlConnection(cs);
            await killer.OpenAsync(ct);
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'aek-schema-controller' AND state = 'idle in transaction'", killer);
            Assert.Equal(true, await kill.ExecuteScalarAsync(ct));
            for (int i = 0; i < 100; i++)
            {
                await using var left = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'aek-schema-controller'", killer);
                if ((long)(await left.ExecuteScalarAsync(ct))! == 0) break;
                await Task.Delay(50, ct);
            }
        }) with { MinimumGain = -1000, RegressionThreshold = 1000 };
        var controller = new SchemaEvolutionController(prod, log, options, new ManualTimeProvider(InWindow));

        var outcome = await controller.RunAsync(IndexOn(t), Lookups(t), Ct);

        Assert.Equal(ChangeStatus.Failed, outcome.Status);
        Assert.Contains("store unchanged: yes", outcome.Reason);
        var now = await prod.DescribeAsync(t, Ct); // the store reconnects
        Assert.True(now.SameAs(outcome.CatalogBefore!), now.ToString());
        Assert.Equal(["existing_id"], now.Indexes.Select(i => i.Name));
        Assert.Single(await log.QueryAsync(step: DecisionStep.Failed, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_change_that_regresses_production_is_rolled_back_to_the_previous_column_type()
    {
        // Widening INTEGER → NUMERIC(38,0) (e.g. ahead of a predicted overflow) makes sum/avg over it several times slower
        // (numeric arithmetic instead of int4/int8). The kind's gain floor accepts a slower shadow (the widening is about
        // correctness); production monitoring then finds a regression beyond the 20 % threshold and rolls back.
        var t = new QualifiedTable("sales", "facts");
        await using var prod = await OpenProductionAsync("CREATE SCHEMA sales",
            $"CREATE TABLE {t.Quoted} AS SELECT g AS id, g % 97 AS qty FROM generate_series(1, 300000) AS s(g)");
        await using var log = await OpenLogAsync(prod);
        var rec = new SchemaRecommendation("widen-qty", RecommendationKind.WidenType, t, ["qty"],
            new Dictionary<string, string> { ["to_type"] = "NUMERIC(38,0)", ["from_type"] = "INTEGER" },
            ["max(qty) grows 3 %/week"], 0, 600_000, RecommendationRisk.High, "widen before the predicted overflow");
        IReadOnlyList<WorkloadQuery> workload = [new("totals", $"SELECT sum(qty * qty), avg(qty * 3) FROM {t.Quoted}", 1)];
        var options = Options() with
        {
            MinimumGainByKind = new Dictionary<RecommendationKind, double> { [RecommendationKind.WidenType] = -100 },
            RegressionThreshold = 0.2,
        };
        var controller = new SchemaEvolutionController(prod, log, options, new ManualTimeProvider(InWindow));

        var outcome = await controller.RunAsync(rec, workload, Ct);

        Assert.True(outcome.Status == ChangeStatus.RolledBack, outcome.Reason);
        Assert.True(outcome.Production!.Gain < -0.2, $"production gain {outcome.Production.Gain}");
        var now = await prod.DescribeAsync(t, Ct);
        Assert.Equal("integer", now.Column("qty")!.Type);
        Assert.True(now.SameAs(outcome.CatalogBefore!), now.ToString());
        var steps = (await log.QueryAsync("widen-qty", cancellationToken: Ct)).Select(e => e.Step).ToList();
        Assert.Equal([DecisionStep.Proposed, DecisionStep.Simulated, DecisionStep.Scheduled, DecisionStep.Applied, DecisionStep.RolledBack], steps);
    }

    [Fact]
    public async Task A_workload_that_fails_on_production_after_the_change_rolls_it_back()
    {
        // Right after the commit another session holds an exclusive lock on the table for 2.5 s, so the monitoring replay
        // (1 s query timeout) fails: the controller treats that as a regression and rolls back once the lock is gone.
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t));
        await using var log = await OpenLogAsync(prod);
        var cs = _connectionStrings[prod];
        Task? locker = null;
        var options = Lenient(async (stage, ct) =>
        {
            if (stage != ApplyStage.BeforeMonitor) return;
            var locked = new TaskCompletionSource();
            locker = Task.Run(async () =>
            {
                await using var c = new NpgsqlConnection(cs);
                await c.OpenAsync(ct);
                await using var tx = await c.BeginTransactionAsync(ct);
                await using (var l = new NpgsqlCommand("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", c, tx)) await l.ExecuteNonQueryAsync(ct);
                locked.SetResult();
                await using (var sleep = new NpgsqlCommand("SELECT pg_sleep(2.5)", c, tx)) await sleep.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
            }, ct);
            await locked.Task;
        }) with { RegressionThreshold = 0.5, Replay = new ReplayOptions(WarmUpRuns: 0, Repeats: 1, QueryTimeout: TimeSpan.FromSeconds(1)) };
        var controller = new SchemaEvolutionController(prod, log, options, new ManualTimeProvider(InWindow));

        var outcome = await controller.RunAsync(IndexOn(t), Lookups(t), Ct);
        await locker!;

        Assert.True(outcome.Status == ChangeStatus.RolledBack, outcome.Reason);
        Assert.Contains("failed on production after the change", outcome.Reason);
        Assert.Empty((await prod.DescribeAsync(t, Ct)).Indexes);
        Assert.True(outcome.CatalogAfter!.SameAs(outcome.CatalogBefore!));
    }

    [Fact]
    public async Task An_index_the_planner_would_not_use_is_rejected_by_the_what_if_without_building_a_timed_comparison()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t));
        await using var log = await OpenLogAsync(prod);
        // Both families read the table, but neither filters, joins or orders on qty with a selective predicate: a B-tree
        // on qty (97 distinct values, every row matched by "qty >= 0") is not in any plan HypoPG produces.
        IReadOnlyList<WorkloadQuery> workload =
        [
            new("point lookup", $"SELECT count(*) FROM {t.Quoted} WHERE k = 4242", 10),
            new("all rows", $"SELECT sum(id) FROM {t.Quoted} WHERE qty >= 0", 1),
        ];

        var sim = await new SchemaEvolutionController(prod, log, Options(), new ManualTimeProvider(InWindow)).SimulateAsync(IndexOn(t, "qty"), workload, Ct);

        Assert.False(sim.Passed);
        Assert.Contains("the planner would use the index in none of the 2 families", sim.Reason);
        Assert.Null(sim.Shadow);
        Assert.Empty(await log.QueryAsync(sim.Recommendation.Id, DecisionStep.Simulated, Ct));
    }

    [Fact]
    public async Task Only_the_families_whose_plan_uses_the_index_are_timed_and_monitored()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t, rows: GainRows));
        await using var log = await OpenLogAsync(prod);
        IReadOnlyList<WorkloadQuery> workload = [.. Lookups(t), new("scan", $"SELECT sum(id) FROM {t.Quoted} WHERE qty >= 0", 1)];
        var controller = new SchemaEvolutionController(prod, log, Options() with { RegressionThreshold = 1.0 }, new ManualTimeProvider(InWindow));

        var outcome = await controller.RunAsync(IndexOn(t), workload, Ct);

        Assert.True(outcome.Status == ChangeStatus.Kept, outcome.Reason);
        var sim = outcome.Simulation!;
        Assert.Equal(["point lookup", "other key"], sim.TimedFamilies);
        var simulated = Assert.Single(await log.QueryAsync(sim.Recommendation.Id, DecisionStep.Simulated, Ct));
        Assert.Equal(2, simulated.Figures["families_timed"]);
        Assert.True(simulated.Figures["rounds"] >= 5, $"rounds {simulated.Figures["rounds"]}");
        Assert.True(simulated.Figures["shadow_gain_low"] > 0, $"interval {simulated.Figures["shadow_gain_low"]} … {simulated.Figures["shadow_gain_high"]}");
        // The scan was timed once and counts the same before and after, on the shadow and on production.
        var scanShadow = sim.Shadow!.Queries.Single(q => q.Query.Family == "scan");
        Assert.Equal(scanShadow.BeforeMilliseconds, scanShadow.AfterMilliseconds);
        var scanProduction = outcome.Production!.Queries.Single(q => q.Query.Family == "scan");
        Assert.Equal(scanProduction.BeforeMilliseconds, scanProduction.AfterMilliseconds);
    }

    [Fact]
    public async Task A_narrowing_is_applied_in_place_and_kept_and_the_catalog_shows_the_new_type()
    {
        var t = new QualifiedTable("crm", "Customer Codes");
        await using var prod = await OpenProductionAsync("CREATE SCHEMA crm",
            $"CREATE TABLE {t.Quoted} AS SELECT g AS id, ('C-' || g)::varchar(255) AS code FROM generate_series(1, 20000) AS s(g)");
        await using var log = await OpenLogAsync(prod);
        var rec = new SchemaRecommendation("narrow-code", RecommendationKind.NarrowType, t, ["code"],
            new Dictionary<string, string> { ["to_type"] = "VARCHAR(24)", ["from_type"] = "VARCHAR(255)" }, ["max length 7"], 0, -1000, RecommendationRisk.High, "narrow");

        var outcome = await new SchemaEvolutionController(prod, log, Lenient(), new ManualTimeProvider(InWindow))
            .RunAsync(rec, [new("by code", $"SELECT id FROM {t.Quoted} WHERE code = 'C-77'", 1)], Ct);

        Assert.True(outcome.Status == ChangeStatus.Kept, outcome.Reason);
        Assert.Equal("character varying(255)", outcome.CatalogBefore!.Column("code")!.Type);
        Assert.Equal("character varying(24)", (await prod.DescribeAsync(t, Ct)).Column("code")!.Type);
        Assert.Equal(20000, outcome.CatalogAfter!.RowCount);
    }

    [Fact]
    public async Task A_type_change_whose_column_type_changed_since_is_rejected()
    {
        var t = new QualifiedTable(null, "facts");
        await using var prod = await OpenProductionAsync($"CREATE TABLE {t.Quoted} (id BIGINT, code VARCHAR(255))");
        await using var log = await OpenLogAsync(prod);
        var rec = new SchemaRecommendation("narrow-code", RecommendationKind.NarrowType, t, ["code"],
            new Dictionary<string, string> { ["to_type"] = "VARCHAR(24)", ["from_type"] = "TEXT" }, [], 0, -1000, RecommendationRisk.High, "narrow");
        var outcome = await new SchemaEvolutionController(prod, log, Options(), new ManualTimeProvider(InWindow)).RunAsync(rec, [new("q", $"SELECT * FROM {t.Quoted}", 1)], Ct);
        Assert.Equal(ChangeStatus.Rejected, outcome.Status);
        Assert.Contains("is now character varying(255), not TEXT", outcome.Reason);
    }

    [Fact]
    public async Task A_hash_partitioned_copy_swaps_in_a_materialized_view_is_kept_and_a_swap_that_would_strand_the_view_is_rejected()
    {
        var t = new QualifiedTable(null, "orders");
        await using var prod = await OpenProductionAsync(SeedSql(t));
        await using var log = await OpenLogAsync(prod);
        var controller = new SchemaEvolutionController(prod, log, Options(), new ManualTimeProvider(InWindow));
        var lenient = new SchemaEvolutionController(prod, log, Lenient(), new ManualTimeProvider(InWindow));
        SchemaRecommendation Partition(string id) => new(id, RecommendationKind.Partitioning, t, ["k"],
            new Dictionary<string, string> { ["method"] = "hash", ["partitions"] = "4" }, [], 0.2, 0, RecommendationRisk.High, "partition by k");
        var mv = new SchemaRecommendation("mv-qty", RecommendationKind.MaterializedView, t, [],
            new Dictionary<string, string> { ["sql"] = $"SELECT qty, count(*) AS n FROM {t.Quoted} GROUP BY qty", ["name"] = "qty counts" }, [], 0.5, 0, RecommendationRisk.Medium, "pre-aggregate");

        var partOutcome = await lenient.RunAsync(Partition("part-k"), Lookups(t), Ct);
        // The family reads the view once it exists: 97 pre-aggregated rows instead of a 100 000-row scan.
        var mvOutcome = await controller.RunAsync(mv,
            [new("by qty", $"SELECT count(*) AS n FROM {t.Quoted} WHERE qty = 5", 1, SqlAfterChange: "SELECT n FROM \"qty counts\" WHERE qty = 5")], Ct);
        var stranded = await lenient.RunAsync(Partition("part-k-again"), Lookups(t), Ct);

        Assert.True(partOutcome.Status == ChangeStatus.Kept, partOutcome.Reason);
        var now = await prod.DescribeAsync(t, Ct);
        Assert.Equal(Rows, now.RowCount);
        Assert.False(await prod.ObjectExistsAsync(partOutcome.Simulation!.Ddl!.BackupTable!, Ct)); // cleaned up once kept
        await using var c = new NpgsqlConnection(_connectionStrings[prod]);
        await c.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_inherits WHERE inhparent = to_regclass('orders')", c);
        Assert.Equal(4L, await cmd.ExecuteScalarAsync(Ct));
        Assert.True(mvOutcome.Status == ChangeStatus.Kept, mvOutcome.Reason);
        Assert.True(await prod.ObjectExistsAsync(new QualifiedTable(null, "qty counts"), Ct));
        Assert.Equal(ChangeStatus.Rejected, stranded.Status);
        Assert.Contains("qty counts", stranded.Reason);
    }
}
