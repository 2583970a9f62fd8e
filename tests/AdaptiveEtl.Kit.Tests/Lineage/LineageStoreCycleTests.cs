using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Lineage.Store;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// Impact walks in the stores terminate on cyclic graphs for any depth limit (issue 19: depth 10,000 did not return in
/// 60 s, <c>int.MaxValue</c> never), with every node at its minimum depth.
/// </summary>
public abstract class LineageStoreCycleTests
{
    protected abstract Task<ILineageStore> OpenAsync();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset At = new(2025, 11, 3, 6, 0, 0, TimeSpan.Zero);

    private const int RingSize = 60;

    private static string Ring(int i) => LineageNode.ColumnId(ColumnRef.Parse($"ring.t.c{i}"));

    /// <summary>
    /// Columns c0 → c1 → … → c59 → c0 (a cycle through every node) plus a chord c0 → c30. From c0 the minimum depth of
    /// ck is k for k &lt; 30 and 1 + (k − 30) = k − 29 through the chord for k ≥ 30 (worked by hand).
    /// </summary>
    private static LineageGraph RingGraph()
    {
        var g = new LineageGraph();
        for (int i = 0; i < RingSize; i++) g.AddNode(new LineageNode(Ring(i), LineageNodeKind.Column, $"c{i}", "dataset:ring.t", At, At, 1));
        void Edge(int a, int b) => g.AddEdge(new LineageEdge(Ring(a), Ring(b), LineageEdgeKind.Transforms, "Transformation", At, At, 1));
        for (int i = 0; i < RingSize; i++) Edge(i, (i + 1) % RingSize);
        Edge(0, 30);
        return g;
    }

    private static List<string> Render(IEnumerable<ImpactHit> hits) => hits.Select(h => $"{h.Depth}:{h.Node.Id}").ToList();

    private static List<string> Expected(Func<int, int> depthOf) =>
        Enumerable.Range(1, RingSize - 1).Select(k => (Depth: depthOf(k), Id: Ring(k)))
            .OrderBy(x => x.Depth).ThenBy(x => x.Id, StringComparer.Ordinal).Select(x => $"{x.Depth}:{x.Id}").ToList();

    [Fact(Timeout = 30_000)]
    public async Task Downstream_on_a_cycle_with_unbounded_depth_returns_each_node_once_at_its_minimum_depth()
    {
        await using var store = await OpenAsync();
        await store.SaveAsync(RingGraph(), Ct);
        var hits = await store.DownstreamAsync(Ring(0), int.MaxValue, Ct);
        Assert.Equal(Expected(k => k < 30 ? k : k - 29), Render(hits));
    }

    [Fact(Timeout = 30_000)]
    public async Task Upstream_on_a_cycle_with_unbounded_depth_returns_each_node_once_at_its_minimum_depth()
    {
        await using var store = await OpenAsync();
        await store.SaveAsync(RingGraph(), Ct);
        // Upstream of c0: c59 at 1, c58 at 2, …, ck at 60 − k (the chord c0 → c30 leaves c0, so it does not shorten this).
        var hits = await store.UpstreamAsync(Ring(0), int.MaxValue, Ct);
        Assert.Equal(Expected(k => RingSize - k), Render(hits));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_depth_limit_on_a_cycle_cuts_the_walk()
    {
        await using var store = await OpenAsync();
        await store.SaveAsync(RingGraph(), Ct);
        var hits = await store.DownstreamAsync(Ring(0), 3, Ct);
        // Depth 1: c1 and c30; depth 2: c2, c31; depth 3: c3, c32.
        Assert.Equal(new[] { $"1:{Ring(1)}", $"1:{Ring(30)}", $"2:{Ring(2)}", $"2:{Ring(31)}", $"3:{Ring(3)}", $"3:{Ring(32)}" }, Render(hits));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_statement_that_reads_and_writes_its_own_table_walks_like_the_in_memory_graph()
    {
        var catalog = new LineageCatalog()
            .Add("staging.orders", new[] { "order_id", "amount", "status" })
            .Add("mart.totals", new[] { "status", "total" });
        var graph = new LineageGraph();
        using (var parser = new SqlLineageParser(catalog))
        {
            graph.AddCatalog(catalog, At);
            foreach (var sql in new[]
            {
                "INSERT INTO staging.orders SELECT order_id, amount * 2, status FROM staging.orders WHERE status = 'open'",
                "INSERT INTO mart.totals SELECT status, sum(amount) FROM staging.orders GROUP BY status",
                "UPDATE staging.orders SET amount = t.total FROM mart.totals t WHERE t.status = staging.orders.status",
            })
                graph.AddStatement(parser.Parse(sql), at: At);
        }
        await using var store = await OpenAsync();
        await store.SaveAsync(graph, Ct);
        foreach (var node in new[] { "dataset:staging.orders", "column:staging.orders.amount", "column:mart.totals.total" })
        {
            Assert.Equal(Render(graph.Downstream(node, int.MaxValue)), Render(await store.DownstreamAsync(node, int.MaxValue, Ct)));
            Assert.Equal(Render(graph.Upstream(node, int.MaxValue)), Render(await store.UpstreamAsync(node, int.MaxValue, Ct)));
        }
        Assert.NotEmpty(await store.DownstreamAsync("column:staging.orders.amount", int.MaxValue, Ct));
    }
}

/// <summary>Cycle tests on the embedded DuckDB store.</summary>
public sealed class DuckDbLineageStoreCycleTests : LineageStoreCycleTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-lineage-cycle-" + Guid.NewGuid().ToString("N"));

    protected override async Task<ILineageStore> OpenAsync() => await DuckDbLineageStore.OpenAsync(Path.Combine(_dir, "lineage.duckdb"), Ct);

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }
}

/// <summary>Cycle tests on a real PostgreSQL 15 server.</summary>
[Collection(LineagePostgresCollection.Name)]
public sealed class PostgresLineageStoreCycleTests(PostgresServer server) : LineageStoreCycleTests
{
    protected override async Task<ILineageStore> OpenAsync()
    {
        server.SkipIfUnavailable();
        return await PostgresLineageStore.OpenAsync(await server.CreateDatabaseAsync("lcycle"), Ct);
    }
}
