using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.OpenLineage;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Lineage.Store;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>The same store tests against the embedded DuckDB store and a real PostgreSQL 15 server.</summary>
public abstract class LineageStoreTests
{
    protected abstract Task<ILineageStore> OpenAsync();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LineageGraph Batch(int dashboardRuns)
    {
        using var parser = new SqlLineageParser(LineageGraphTests.Catalog());
        return LineageGraphTests.Build(parser, dashboardRuns);
    }

    [Fact]
    public async Task Save_and_load_round_trips_the_graph()
    {
        await using var store = await OpenAsync();
        var graph = Batch(3);
        await store.SaveAsync(graph, Ct);
        var loaded = await store.LoadAsync(Ct);
        Assert.Equal(graph.Nodes.OrderBy(n => n.Id).ToList(), loaded.Nodes.OrderBy(n => n.Id).ToList());
        Assert.Equal(graph.Edges.OrderBy(e => e.Key).ToList(), loaded.Edges.OrderBy(e => e.Key).ToList());
    }

    [Fact]
    public async Task Saving_a_second_batch_merges_counts_and_seen_times()
    {
        await using var store = await OpenAsync();
        await store.SaveAsync(Batch(3), Ct);
        var second = Batch(2);
        await store.SaveAsync(second, Ct);
        var loaded = await store.LoadAsync(Ct);
        var e = loaded.Edges.Single(x => x.Source == "column:raw.orders.amount" && x.Target == "column:staging.orders.net");
        Assert.Equal(4, e.Count); // two INSERT runs per batch
        Assert.Equal(LineageGraphTests.Day1, e.FirstSeen);
        Assert.Equal(LineageGraphTests.Day2, e.LastSeen);
        var alice = loaded.ConsumersOf("mart.v_daily").Single(c => c.Consumer.Id == "consumer:user:alice");
        Assert.Equal(5, alice.Executions); // 3 + 2 dashboard runs
    }

    [Fact]
    public async Task Replace_swaps_the_whole_graph_in_one_transaction()
    {
        await using var store = await OpenAsync();
        await store.SaveAsync(Batch(3), Ct);
        await store.ReplaceAsync(Batch(2), Ct);
        var loaded = await store.LoadAsync(Ct);
        // Only the second batch's two dashboard runs remain (3 + 2 if it had been merged).
        Assert.Equal(2, loaded.ConsumersOf("mart.v_daily").Single(c => c.Consumer.Id == "consumer:user:alice").Executions);
        Assert.Equal(Batch(2).Edges.Count, loaded.Edges.Count);
    }

    [Fact]
    public async Task Per_job_column_lineage_survives_save_and_load()
    {
        await using var store = await OpenAsync();
        var graph = LineageExportTests.SharedTargetGraph(out _, out _);
        await store.SaveAsync(graph, Ct);
        await store.SaveAsync(graph, Ct); // saving twice adds counts but no duplicate attribution
        var loaded = await store.LoadAsync(Ct);
        Assert.Equal(graph.Attributions.Count, loaded.Attributions.Count);
        Assert.Equal(
            OpenLineageGraph.ToEvents(graph).Select(e => string.Join("; ", LineageExportTests.Mapping(e))),
            OpenLineageGraph.ToEvents(loaded).Select(e => string.Join("; ", LineageExportTests.Mapping(e))));
    }

    [Theory]
    [InlineData("column:raw.orders.amount", 1)]
    [InlineData("column:raw.orders.amount", 3)]
    [InlineData("dataset:staging.orders", 2)]
    [InlineData("column:mart.v_daily.revenue_k", 10)]
    [InlineData("column:raw.orders.ts", 10)]
    [InlineData("dataset:raw.orders", 10)]
    public async Task Recursive_sql_impact_equals_the_in_memory_walk(string node, int depth)
    {
        await using var store = await OpenAsync();
        var graph = Batch(3);
        await store.SaveAsync(graph, Ct);
        Assert.Equal(Render(graph.Downstream(node, depth)), Render(await store.DownstreamAsync(node, depth, Ct)));
        Assert.Equal(Render(graph.Upstream(node, depth)), Render(await store.UpstreamAsync(node, depth, Ct)));
        Assert.NotEmpty(await store.DownstreamAsync(node, depth, Ct) is { Count: > 0 } d ? d : await store.UpstreamAsync(node, depth, Ct));
    }

    private static List<string> Render(IEnumerable<ImpactHit> hits) => hits.Select(h => $"{h.Depth}:{h.Node.Id}").ToList();
}

/// <summary>Store tests on the embedded DuckDB store (a fresh database file per test).</summary>
public sealed class DuckDbLineageStoreTests : LineageStoreTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-lineage-" + Guid.NewGuid().ToString("N"));

    protected override async Task<ILineageStore> OpenAsync() => await DuckDbLineageStore.OpenAsync(Path.Combine(_dir, "sub", "lineage.duckdb"), Ct);

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_a_clear_error()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "bad.duckdb");
        await File.WriteAllTextAsync(path, "this is not a duckdb file", Ct);
        var ex = await Assert.ThrowsAsync<KitDataException>(() => DuckDbLineageStore.OpenAsync(path, Ct));
        Assert.Contains("bad.duckdb", ex.Message);
    }
}

/// <summary>Store tests on a real PostgreSQL 15 server (a fresh database per test).</summary>
[Collection(LineagePostgresCollection.Name)]
public sealed class PostgresLineageStoreTests(PostgresServer server) : LineageStoreTests
{
    protected override async Task<ILineageStore> OpenAsync()
    {
        server.SkipIfUnavailable();
        return await PostgresLineageStore.OpenAsync(await server.CreateDatabaseAsync("lineage"), Ct);
    }
}
