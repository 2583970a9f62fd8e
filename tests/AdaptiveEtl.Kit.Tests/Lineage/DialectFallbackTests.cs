using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// PostgreSQL statements DuckDB's parser rejects keep their reads and writes (table-level lineage from the tokenizer),
/// and every statement says which level it got.
/// </summary>
public sealed class DialectFallbackTests : IDisposable
{
    private readonly SqlLineageParser _parser = new(new LineageCatalog()
        .Add("app.events", ["id", "payload", "tags", "user_id", "ts"])
        .Add("app.users", ["id", "name"])
        .Add("app.jobs", ["id", "state"])
        .Add("app.orders", ["id", "amount"])
        .Add("mart.customer_events", ["customer_id", "n"]));

    public void Dispose() => _parser.Dispose();

    public static TheoryData<string, string, string, string?, LineageLevel> PostgresStatements => new()
    {
        { "jsonb #>>", "SELECT e.payload #>> '{customer,id}' AS customer_id FROM app.events e", "app.events", null, LineageLevel.Table },
        { "jsonb ?", "SELECT e.id FROM app.events e JOIN app.users u ON u.id = e.user_id WHERE e.payload ? 'customer'", "app.events,app.users", null, LineageLevel.Table },
        { "jsonb ?|", "SELECT id FROM app.events WHERE tags ?| array['a', 'b']", "app.events", null, LineageLevel.Table },
        { "jsonb @>", "SELECT id FROM app.events WHERE payload @> '{\"kind\": \"click\"}'", "app.events", null, LineageLevel.Column }, // DuckDB's grammar takes @> as an operator
        { "FETCH FIRST … WITH TIES", "SELECT id, amount FROM app.orders ORDER BY amount DESC FETCH FIRST 10 ROWS WITH TIES", "app.orders", null, LineageLevel.Table },
        { "FOR UPDATE SKIP LOCKED", "SELECT id FROM app.jobs WHERE state = 'new' ORDER BY id LIMIT 5 FOR UPDATE SKIP LOCKED", "app.jobs", null, LineageLevel.Table },
        { "BETWEEN SYMMETRIC", "SELECT id FROM app.orders WHERE amount BETWEEN SYMMETRIC 100 AND 10", "app.orders", null, LineageLevel.Table },
        { "INSERT with jsonb paths, CTE, function FROM and IS DISTINCT FROM",
          "WITH recent AS (SELECT * FROM app.events WHERE ts > now() - interval '1 day') " +
          "INSERT INTO mart.customer_events (customer_id, n) SELECT r.payload #>> '{customer,id}', count(*) FROM recent r " +
          "JOIN app.users u ON u.id = r.user_id, LATERAL jsonb_array_elements(r.payload -> 'items') AS item " +
          "WHERE r.payload ? 'customer' AND extract(year FROM r.ts) = 2025 AND u.name IS DISTINCT FROM 'bot' GROUP BY 1",
          "app.events,app.users", "mart.customer_events", LineageLevel.Table },
    };

    [Theory]
    [MemberData(nameof(PostgresStatements))]
    public void Reads_and_writes_are_never_lost_and_the_level_is_reported(string construct, string sql, string reads, string? target, LineageLevel level)
    {
        Assert.True(_parser.TryParse(sql, 0, out var s, out var failure), $"{construct}: {failure?.Reason}");
        Assert.Equal(reads.Split(','), s!.Reads);
        Assert.Equal(target, s.Target);
        Assert.Equal(level, s.Level);
        if (level == LineageLevel.Table)
        {
            Assert.Empty(s.Columns);
            Assert.Contains(s.Warnings, w => w.StartsWith("table-level lineage only", StringComparison.Ordinal) && w.Contains("DuckDB's parser rejected"));
        }
        else Assert.NotEmpty(s.Columns);
    }

    [Fact]
    public void Table_level_statements_reach_the_graph_the_report_and_openlineage()
    {
        var sql = PostgresStatements.Last().Data.Item2;
        var report = _parser.ParseAll([sql, "SELECT id FROM app.orders", "SELEC id FROM app.orders", "SELECT id FROM app.orders WHERE amount >"]);
        Assert.Equal([0], report.TableLevelOnly.Select(s => s.Index));
        Assert.Equal([0, 1], report.Statements.Select(s => s.Index));
        Assert.Equal([2, 3], report.Failures.Select(f => f.Index)); // typos and cut-off statements still fail
        Assert.Contains("1 at table level only", report.ToHtml());

        var graph = new LineageGraph();
        graph.AddStatement(report.Statements[0], at: LineageGraphTests.Day1);
        var process = LineageNode.ProcessId("query", LineageGraph.StatementKey(sql));
        Assert.Equal(["dataset:app.events", "dataset:app.users"], graph.Incoming(process).Where(e => e.Kind == LineageEdgeKind.Uses).Select(e => e.Source).Order());
        Assert.Contains(graph.Outgoing(process), e => e.Kind == LineageEdgeKind.Transforms && e.Target == "dataset:mart.customer_events");
        var ev = Assert.Single(Kit.Lineage.OpenLineage.OpenLineageGraph.ToEvents(graph));
        Assert.Equal(["app.events", "app.users"], ev.Inputs.Select(i => i.Name).Order());
        Assert.Null(Assert.Single(ev.Outputs).Facets);
        Assert.Empty(OpenLineageSchemas.Problems(ev.ToJson()));
    }
}
