using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using AdaptiveEtl.Kit.Tests.SchemaEvolution.Controller;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Shadow;

/// <summary>HypoPG what-if on a real PostgreSQL 15 server.</summary>
[Collection(SchemaControllerPostgresCollection.Name)]
public sealed class HypoPgWhatIfTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_what_if_costs_are_the_planners_and_no_real_index_is_left_behind()
    {
        server.SkipIfUnavailable();
        Assert.Null(server.HypoPgUnavailableReason);
        var cs = await server.CreateDatabaseAsync("hypo");
        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync(Ct);
            await using var cmd = new NpgsqlCommand("CREATE TABLE t AS SELECT g AS id, g % 5000 AS k FROM generate_series(1, 50000) AS s(g); ANALYZE t", c);
            await cmd.ExecuteNonQueryAsync(Ct);
        }
        await using var store = await PostgresSchemaChangeStore.OpenAsync(cs, Ct);
        var q = new WorkloadQuery("by k", "SELECT id FROM t WHERE k = 7", 3);

        var w = await store.WhatIfIndexAsync("CREATE INDEX ON t (k)", [q], Ct);

        Assert.True(w.Available, w.UnavailableReason);
        var cost = Assert.Single(w.Queries);
        Assert.True(cost.UsesIndex);
        // The "before" cost is what EXPLAIN says on another connection without any index.
        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync(Ct);
            await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) SELECT id FROM t WHERE k = 7", c);
            using var doc = System.Text.Json.JsonDocument.Parse((string)(await explain.ExecuteScalarAsync(Ct))!);
            Assert.Equal(doc.RootElement[0].GetProperty("Plan").GetProperty("Total Cost").GetDouble(), cost.CostBefore, 9);
        }
        Assert.True(cost.CostAfter < cost.CostBefore / 10, $"{cost.CostBefore} → {cost.CostAfter}");
        Assert.Empty((await store.DescribeAsync(new QualifiedTable(null, "t"), Ct)).Indexes);
    }

    [Fact]
    public async Task DuckDb_has_no_what_if_and_says_so()
    {
        var path = Path.Combine(Path.GetTempPath(), "aek-hypo-" + Guid.NewGuid().ToString("N") + ".duckdb");
        try
        {
            await using (var c = new DuckDB.NET.Data.DuckDBConnection("Data Source=" + path))
            {
                await c.OpenAsync(Ct);
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "CREATE TABLE t (k INTEGER)";
                await cmd.ExecuteNonQueryAsync(Ct);
            }
            await using var store = await DuckDbSchemaChangeStore.OpenAsync(path, Ct);
            var w = await store.WhatIfIndexAsync("CREATE INDEX i ON t (k)", [new WorkloadQuery("q", "SELECT * FROM t", 1)], Ct);
            Assert.False(w.Available);
            Assert.Empty(w.Queries);
            Assert.Contains("HypoPG", w.UnavailableReason);
        }
        finally { File.Delete(path); }
    }
}
