using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Store;
using AdaptiveEtl.Kit.Tests.History;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// Real concurrent sessions on one PostgreSQL 15 database (separate connections, no pooling). Issue 19: opening the
/// lineage store on a new empty database from two processes at once failed like the run-history store did.
/// </summary>
[Collection(LineagePostgresCollection.Name)]
public sealed class ConcurrentPostgresLineageStoreTests(PostgresServer server)
{
    private const int Trials = 10;

    private static readonly DateTimeOffset At = new(2025, 11, 3, 6, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = 180_000)]
    public async Task Sessions_opening_a_new_empty_database_at_once_all_succeed()
    {
        server.SkipIfUnavailable();
        for (int trial = 0; trial < Trials; trial++)
        {
            var cs = await server.CreateDatabaseAsync("lrace");
            var sizes = ConcurrentPostgresImportTests.Together(4, _ =>
            {
                var store = PostgresLineageStore.OpenAsync(cs).GetAwaiter().GetResult();
                try { return store.LoadAsync().GetAwaiter().GetResult().Nodes.Count; }
                finally { store.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
            });
            Assert.All(sizes, n => Assert.Equal(0, n));
        }
    }

    /// <summary>300 column nodes in a chain, added in ascending or descending order.</summary>
    private static LineageGraph Chain(bool ascending)
    {
        var g = new LineageGraph();
        var ids = Enumerable.Range(0, 300).ToList();
        if (!ascending) ids.Reverse();
        foreach (var i in ids) g.AddNode(new LineageNode($"column:t.c.x{i:D3}", LineageNodeKind.Column, $"x{i}", null, At, At, 1));
        foreach (var i in ids.Where(i => i > 0)) g.AddEdge(new LineageEdge($"column:t.c.x{i - 1:D3}", $"column:t.c.x{i:D3}", LineageEdgeKind.Transforms, "Transformation", At, At, 1));
        return g;
    }

    [Fact(Timeout = 300_000)]
    public async Task Concurrent_saves_of_overlapping_graphs_both_commit_and_counts_add_up()
    {
        server.SkipIfUnavailable();
        for (int trial = 0; trial < Trials; trial++)
        {
            var cs = await server.CreateDatabaseAsync("lsave");
            await (await PostgresLineageStore.OpenAsync(cs, TestContext.Current.CancellationToken)).DisposeAsync();
            ConcurrentPostgresImportTests.Together(2, i =>
            {
                var store = PostgresLineageStore.OpenAsync(cs).GetAwaiter().GetResult();
                try { store.SaveAsync(Chain(ascending: i == 0)).GetAwaiter().GetResult(); }
                finally { store.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
                return 0;
            });
            await using var check = await PostgresLineageStore.OpenAsync(cs, TestContext.Current.CancellationToken);
            var graph = await check.LoadAsync(TestContext.Current.CancellationToken);
            Assert.Equal(300, graph.Nodes.Count);
            Assert.All(graph.Nodes, n => Assert.Equal(2, n.Count)); // one observation from each save
            Assert.All(graph.Edges, e => Assert.Equal(2, e.Count));
        }
    }
}
