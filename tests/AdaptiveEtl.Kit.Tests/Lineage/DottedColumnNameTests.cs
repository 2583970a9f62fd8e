using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.OpenLineage;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Lineage.Store;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// A quoted column name with a dot (<c>"a.b"</c>) is one column of its table everywhere: in the statement's lineage,
/// in <see cref="ColumnRef"/> text, in the graph's node ids and parents, after a store round trip and in OpenLineage
/// events — never a column <c>b</c> of a phantom dataset <c>app.metrics.a</c>.
/// </summary>
[Collection(LineagePostgresCollection.Name)]
public sealed class DottedColumnNameTests(PostgresServer server) : IDisposable
{
    private const string Sql =
        "INSERT INTO mart.metric_copy (id, \"x.y\") SELECT m.id, m.\"a.b\" + \"c.d\" FROM app.metrics m WHERE m.\"a.b\" > 0";

    private readonly SqlLineageParser _parser = new(new LineageCatalog()
        .Add("app.metrics", ["id", "a.b", "c.d"])
        .Add("mart.metric_copy", ["id", "x.y"]));

    public void Dispose() => _parser.Dispose();

    [Fact]
    public async Task The_statement_is_valid_postgresql()
    {
        await using var conn = await PostgresStatements.DatabaseAsync(server, "lineage_dot",
            "CREATE SCHEMA app; CREATE SCHEMA mart; CREATE TABLE app.metrics (id int, \"a.b\" int, \"c.d\" int); CREATE TABLE mart.metric_copy (id int, \"x.y\" int);");
        await PostgresStatements.ExplainAsync(conn, Sql);
    }

    [Fact]
    public void Column_refs_quote_a_dotted_column_and_parse_back_to_the_same_column()
    {
        var dotted = new ColumnRef("app.metrics", "a.b");
        Assert.Equal("app.metrics.\"a.b\"", dotted.ToString());
        Assert.Equal(dotted, ColumnRef.Parse(dotted.ToString()));
        var quote = new ColumnRef("t", "say \"hi\".now");
        Assert.Equal("t.\"say \"\"hi\"\".now\"", quote.ToString());
        Assert.Equal(quote, ColumnRef.Parse(quote.ToString()));
        Assert.Equal("staging.orders.amount", new ColumnRef("staging.orders", "amount").ToString()); // plain names unchanged
        Assert.Throws<KitDataException>(() => ColumnRef.Parse("\"a.b\""));
    }

    [Fact]
    public async Task Lineage_graph_store_and_openlineage_keep_the_dotted_column_in_its_table()
    {
        var s = _parser.Parse(Sql);
        var xy = Assert.Single(s.Columns, c => c.Name == "x.y");
        Assert.Equal([new ColumnRef("app.metrics", "a.b"), new ColumnRef("app.metrics", "c.d")], xy.Value.Order());
        Assert.Equal([new ColumnRef("app.metrics", "a.b")], xy.Indirect.Keys);

        var graph = new LineageGraph();
        graph.AddStatement(s, at: LineageGraphTests.Day1);
        AssertNoPhantom(graph);
        Assert.Equal([new ColumnRef("app.metrics", "a.b"), new ColumnRef("app.metrics", "c.d")],
            graph.Provenance(new ColumnRef("mart.metric_copy", "x.y")).Order());

        var path = Path.Combine(Path.GetTempPath(), "aek-dotted-" + Guid.NewGuid().ToString("N") + ".duckdb");
        try
        {
            await using (var store = await DuckDbLineageStore.OpenAsync(path, TestContext.Current.CancellationToken))
            {
                await store.SaveAsync(graph, TestContext.Current.CancellationToken);
                AssertNoPhantom(await store.LoadAsync(TestContext.Current.CancellationToken));
            }
        }
        finally { File.Delete(path); }

        var ev = Assert.Single(OpenLineageGraph.ToEvents(graph));
        Assert.Equal(["app.metrics"], ev.Inputs.Select(i => i.Name));
        Assert.Equal(["mart.metric_copy"], ev.Outputs.Select(o => o.Name));
    }

    private static void AssertNoPhantom(LineageGraph graph)
    {
        Assert.Equal(["dataset:app.metrics", "dataset:mart.metric_copy"],
            graph.Nodes.Where(n => n.Kind == LineageNodeKind.Dataset).Select(n => n.Id).Order(StringComparer.Ordinal));
        var column = graph[LineageNode.ColumnId(new ColumnRef("app.metrics", "a.b"))];
        Assert.Equal("dataset:app.metrics", column.Parent);
        Assert.Equal("a.b", column.Name);
        Assert.Equal(new ColumnRef("app.metrics", "a.b"), column.Column);
    }
}
