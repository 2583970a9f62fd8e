using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Controller;

/// <summary>The controller against real DuckDB database files.</summary>
public sealed class DuckDbControllerTests : ControllerScenarioTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-ctl-" + Guid.NewGuid().ToString("N"));

    protected override int Rows => 200_000;

    protected override int GainRows => 1_000_000;

    protected override async Task<ISchemaChangeStore> OpenProductionAsync(params string[] setupSql)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".duckdb");
        await using (var c = new DuckDBConnection("Data Source=" + path))
        {
            await c.OpenAsync(Ct);
            foreach (var sql in setupSql) { await using var cmd = c.CreateCommand(); cmd.CommandText = sql; await cmd.ExecuteNonQueryAsync(Ct); }
        }
        return await DuckDbSchemaChangeStore.OpenAsync(path, Ct);
    }

    protected override async Task ExecAsync(ISchemaChangeStore store, string sql) =>
        await store.ExecuteChangeAsync([sql], null, Ct); // DuckDB allows one writer process: the change goes through the store's connection

    protected override async Task<IDecisionLog> OpenLogAsync(ISchemaChangeStore store) =>
        new TeeDecisionLog(await DuckDbDecisionLog.OpenAsync(Path.Combine(_dir, "decisions-" + Guid.NewGuid().ToString("N") + ".duckdb"), Ct),
            new JsonLinesDecisionLog(Path.Combine(_dir, "decisions.jsonl")));

    protected override Task AssertWhatIfAsync(WhatIfResult whatIf)
    {
        Assert.False(whatIf.Available);
        Assert.Contains("HypoPG", whatIf.UnavailableReason);
        Assert.Null(whatIf.EstimatedGain);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_type_change_is_a_copy_and_swap_that_keeps_every_row_and_the_backup_is_dropped_once_kept()
    {
        var t = new QualifiedTable(null, "facts");
        await using var prod = await OpenProductionAsync($"CREATE TABLE {t.Quoted} AS SELECT g AS id, g % 97 AS qty FROM generate_series(1, 50000) AS s(g)");
        await using var log = await OpenLogAsync(prod);
        var rec = new SchemaRecommendation("narrow-qty", RecommendationKind.NarrowType, t, ["qty"],
            new Dictionary<string, string> { ["to_type"] = "SMALLINT", ["from_type"] = "BIGINT" }, ["max 96"], 0, -300_000, RecommendationRisk.High, "narrow");
        var options = Options() with { MinimumGainByKind = new Dictionary<RecommendationKind, double> { [RecommendationKind.NarrowType] = -100 }, RegressionThreshold = 100 };

        var outcome = await new SchemaEvolutionController(prod, log, options, new ManualTimeProvider(InWindow))
            .RunAsync(rec, [new("total", $"SELECT sum(qty) FROM {t.Quoted}", 1)], Ct);

        Assert.True(outcome.Status == ChangeStatus.Kept, outcome.Reason);
        var now = await prod.DescribeAsync(t, Ct);
        Assert.Equal("BIGINT", outcome.CatalogBefore!.Column("qty")!.Type);
        Assert.Equal("SMALLINT", now.Column("qty")!.Type);
        Assert.Equal(["id", "qty"], now.Columns.Select(c => c.Name));
        Assert.Equal(50000, now.RowCount);
        Assert.False(await prod.ObjectExistsAsync(outcome.Simulation!.Ddl!.BackupTable!, Ct));
        // The JSON-lines half of the tee holds the same steps as the table.
        var jsonl = new JsonLinesDecisionLog(Path.Combine(_dir, "decisions.jsonl"));
        Assert.Equal((await log.QueryAsync("narrow-qty", cancellationToken: Ct)).Select(e => e.Step), (await jsonl.QueryAsync("narrow-qty", cancellationToken: Ct)).Select(e => e.Step));
    }

    [Fact]
    public async Task A_copy_and_swap_rolled_back_after_a_regression_restores_the_original_table()
    {
        // A change after which the family's query is far slower: the workload reads the widened column through an 8-fold
        // self-expansion once the change exists (SqlAfterChange), a slowdown no timing noise can hide (a plain
        // BIGINT → VARCHAR cast alone costs DuckDB too little to be measured reliably). The kind's floor lets it through
        // simulation; the production monitor (threshold 20 %) finds the regression and swaps the original back.
        var t = new QualifiedTable(null, "facts");
        await using var prod = await OpenProductionAsync($"CREATE TABLE {t.Quoted} AS SELECT g AS id, g % 97 AS qty FROM generate_series(1, 300000) AS s(g)");
        await using var log = await OpenLogAsync(prod);
        var rec = new SchemaRecommendation("widen-qty", RecommendationKind.WidenType, t, ["qty"],
            new Dictionary<string, string> { ["to_type"] = "VARCHAR", ["from_type"] = "BIGINT" }, [], 0, 0, RecommendationRisk.High, "widen");
        var options = Options() with { MinimumGainByKind = new Dictionary<RecommendationKind, double> { [RecommendationKind.WidenType] = -10_000 }, RegressionThreshold = 0.2 };

        var outcome = await new SchemaEvolutionController(prod, log, options, new ManualTimeProvider(InWindow))
            .RunAsync(rec, [new("total", $"SELECT sum(CAST(qty AS BIGINT)), max(CAST(qty AS BIGINT)) FROM {t.Quoted}", 1,
                SqlAfterChange: $"SELECT sum(CAST(qty AS BIGINT) + r), max(CAST(qty AS BIGINT)) FROM {t.Quoted}, range(8) AS x(r)")], Ct);

        Assert.True(outcome.Status == ChangeStatus.RolledBack, outcome.Reason);
        var now = await prod.DescribeAsync(t, Ct);
        Assert.Equal("BIGINT", now.Column("qty")!.Type);
        Assert.True(now.SameAs(outcome.CatalogBefore!), now.ToString());
        Assert.False(await prod.ObjectExistsAsync(outcome.Simulation!.Ddl!.BackupTable!, Ct));
    }

    [Fact]
    public async Task Clustering_is_an_ordered_copy_and_swap_whose_rows_are_stored_in_key_order()
    {
        var t = new QualifiedTable("mart", "daily sales");
        await using var prod = await OpenProductionAsync("CREATE SCHEMA mart", SeedSql(t));
        await using var log = await OpenLogAsync(prod);
        var rec = new SchemaRecommendation("cluster-k", RecommendationKind.Clustering, t, ["k"], new Dictionary<string, string>(),
            [], 0.3, 0, RecommendationRisk.Medium, "order by the lookup key so zone maps prune");

        var outcome = await new SchemaEvolutionController(prod, log, Lenient(), new ManualTimeProvider(InWindow)).RunAsync(rec, Lookups(t), Ct);

        Assert.True(outcome.Status == ChangeStatus.Kept, outcome.Reason);
        var now = await prod.DescribeAsync(t, Ct);
        Assert.Equal(Rows, now.RowCount);
        Assert.Equal(outcome.CatalogBefore!.Columns, now.Columns);
        // Stored order (rowid) is key order: no row has a smaller key than the row stored before it.
        await using var c = new DuckDBConnection("Data Source=" + ((DuckDbSchemaChangeStore)prod).Path);
        await prod.DisposeAsync(); // one DuckDB writer: release the store's connection before reading the file directly
        await c.OpenAsync(Ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM (SELECT k, lag(k) OVER (ORDER BY rowid) AS prev FROM {t.Quoted}) WHERE k < prev";
        Assert.Equal(0L, Convert.ToInt64(await cmd.ExecuteScalarAsync(Ct)));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
