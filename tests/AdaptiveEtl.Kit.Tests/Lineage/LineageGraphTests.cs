using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>Graph algorithms on a small hand-drawn warehouse: raw → staging → mart → view, plus dashboard queries.</summary>
public sealed class LineageGraphTests
{
    internal static readonly DateTimeOffset Day1 = new(2025, 11, 1, 2, 0, 0, TimeSpan.Zero);
    internal static readonly DateTimeOffset Day2 = new(2025, 11, 2, 2, 0, 0, TimeSpan.Zero);

    internal static LineageCatalog Catalog() => new LineageCatalog()
        .Add("raw.orders", new[] { "id", "amount", "discount", "ts", "note" })
        .Add("staging.orders", new[] { "id", "net", "day" })
        .Add("mart.daily", new[] { "day", "revenue" })
        .Add("mart.v_daily", new[] { "day", "revenue_k" })
        .Add("raw.unused", new[] { "x" });

    /// <summary>
    /// The flow, by hand: raw.orders.amount, .discount → staging.orders.net → mart.daily.revenue → mart.v_daily.revenue_k
    /// (3 hops); raw.orders.ts → staging.orders.day → mart.daily.day → mart.v_daily.day. raw.orders.note and raw.unused.x are never read.
    /// </summary>
    internal static LineageGraph Build(SqlLineageParser parser, int dashboardRuns = 3)
    {
        var graph = new LineageGraph();
        graph.AddCatalog(parser.Catalog, Day1);
        QueryLogEntry E(string sql, DateTimeOffset at, string user, string app) => new(null, at, user, app, 10, 1, 1, sql);
        var log = new List<QueryLogEntry>();
        foreach (var day in new[] { Day1, Day2 })
        {
            log.Add(E("INSERT INTO staging.orders (id, net, day) SELECT id, amount - coalesce(discount, 0), CAST(ts AS DATE) FROM raw.orders", day, "etl", "airflow"));
            log.Add(E("CREATE OR REPLACE TABLE mart.daily AS SELECT day, sum(net) AS revenue FROM staging.orders GROUP BY day", day, "etl", "airflow"));
        }
        log.Add(E("CREATE OR REPLACE VIEW mart.v_daily AS SELECT day, revenue / 1000 AS revenue_k FROM mart.daily", Day1, "etl", "airflow"));
        for (int i = 0; i < dashboardRuns; i++) log.Add(E("SELECT day, revenue_k FROM mart.v_daily ORDER BY day", Day2.AddHours(8 + i), "alice", "superset"));
        log.Add(E("SELECT sum(net) FROM staging.orders", Day2.AddHours(9), "bob", "excel"));
        var report = QueryLogCapture.Capture(log, parser, graph);
        Assert.Empty(report.Failures);
        return graph;
    }

    private readonly LineageGraph _graph;

    public LineageGraphTests()
    {
        using var parser = new SqlLineageParser(Catalog());
        _graph = Build(parser);
    }

    [Fact]
    public void Downstream_of_a_raw_column_reaches_marts_views_processes_and_consumers()
    {
        var hits = _graph.Downstream(ColumnRef.Parse("raw.orders.amount"));
        var ids = hits.Select(h => h.Node.Id).ToHashSet();
        Assert.Contains("column:staging.orders.net", ids);
        Assert.Contains("column:mart.daily.revenue", ids);
        Assert.Contains("column:mart.v_daily.revenue_k", ids);
        Assert.Contains("consumer:user:alice", ids);
        Assert.Contains("consumer:user:bob", ids);
        Assert.DoesNotContain("column:mart.daily.day", ids);
        Assert.Equal(1, hits.Single(h => h.Node.Id == "column:staging.orders.net").Depth);
        Assert.Equal(3, hits.Single(h => h.Node.Id == "column:mart.v_daily.revenue_k").Depth);
        // Depth limit 1: only direct neighbours (the net column and the INSERT process reading amount).
        Assert.All(_graph.Downstream(ColumnRef.Parse("raw.orders.amount"), 1), h => Assert.Equal(1, h.Depth));
        Assert.Equal(2, _graph.Downstream(ColumnRef.Parse("raw.orders.amount"), 1).Count);
    }

    [Fact]
    public void Column_impact_does_not_spread_through_whole_tables()
    {
        // ts → staging.orders.day → mart.daily (group key of revenue) → the view → alice. Bob reads only
        // staging.orders.net: he shares the table with day but not the column, so he is not affected.
        var ids = _graph.Downstream(ColumnRef.Parse("raw.orders.ts")).Select(h => h.Node.Id).ToHashSet();
        Assert.Contains("consumer:user:alice", ids);
        Assert.Contains("dataset:staging.orders", ids);
        Assert.DoesNotContain("consumer:user:bob", ids);
        // Asked at table level, staging.orders reaches bob.
        Assert.Contains("consumer:user:bob", _graph.Downstream(LineageNode.DatasetId("raw.orders")).Select(h => h.Node.Id));
    }

    [Fact]
    public void Upstream_of_a_table_starts_from_its_columns()
    {
        var ids = _graph.Upstream(LineageNode.DatasetId("mart.daily")).Select(h => h.Node.Id).ToHashSet();
        Assert.Contains("column:raw.orders.amount", ids);
        Assert.Contains("column:raw.orders.ts", ids);
        Assert.DoesNotContain("column:raw.orders.note", ids);
    }

    [Fact]
    public void Provenance_follows_value_edges_to_base_columns()
    {
        Assert.Equal(new[] { "raw.orders.amount", "raw.orders.discount" }, _graph.Provenance(ColumnRef.Parse("mart.v_daily.revenue_k")).Select(c => c.ToString()));
        // revenue is grouped by day: with indirect edges the day's base column joins.
        Assert.Equal(new[] { "raw.orders.amount", "raw.orders.discount", "raw.orders.ts" },
            _graph.Provenance(ColumnRef.Parse("mart.v_daily.revenue_k"), includeIndirect: true).Select(c => c.ToString()));
    }

    [Fact]
    public void Unused_columns_and_tables_are_the_never_read_ones()
    {
        var cat = Catalog();
        // By hand: raw note and x are never read, nor staging.orders.id (the CTAS reads day and net only).
        Assert.Equal(new[] { "raw.orders.note", "raw.unused.x", "staging.orders.id" }, _graph.UnusedColumns(cat).Select(c => c.ToString()));
        Assert.Equal(new[] { "raw.unused" }, _graph.UnusedTables(cat));
        // Since day 2 08:00 only alice's and bob's queries ran: they read the view's columns and staging.orders.net.
        var since = _graph.UnusedColumns(cat, Day2.AddHours(8)).Select(c => c.ToString()).ToList();
        Assert.Equal(cat.AllColumns().Count() - 3, since.Count);
        Assert.DoesNotContain("mart.v_daily.revenue_k", since);
        Assert.DoesNotContain("mart.v_daily.day", since);
        Assert.DoesNotContain("staging.orders.net", since);
    }

    [Fact]
    public void Edges_carry_first_last_seen_and_counts()
    {
        var e = _graph.Edges.Single(x => x.Source == "column:raw.orders.amount" && x.Target == "column:staging.orders.net");
        Assert.Equal(LineageEdgeKind.Transforms, e.Kind);
        Assert.Equal(nameof(DependencyKind.Transformation), e.Detail);
        Assert.Equal(2, e.Count);
        Assert.Equal(Day1, e.FirstSeen);
        Assert.Equal(Day2, e.LastSeen);
    }

    [Fact]
    public void Longest_and_most_used_paths()
    {
        var longest = _graph.LongestPaths(2);
        Assert.Equal(3, longest[0].Hops);
        Assert.Equal("mart.v_daily", longest[0].Columns[^1].Table);
        var used = _graph.MostUsedPaths(1).Single();
        // Reads by hand (statement executions reading the column): raw amount/discount/ts 2 each (two INSERT runs);
        // staging.orders.net 3 (two CTAS runs + bob), staging.orders.day 2; mart.daily.revenue 1, mart.daily.day 1 (the view);
        // v_daily.revenue_k 3, v_daily.day 3 (alice). Chains into revenue_k: amount/discount → net → revenue → revenue_k
        // = 2+3+1+3 = 9; ts → day → revenue (GROUP BY key) → revenue_k = 2+2+1+3 = 8; ties are broken by column name.
        Assert.Equal(new[] { "raw.orders.amount", "staging.orders.net", "mart.daily.revenue", "mart.v_daily.revenue_k" }, used.Columns.Select(c => c.ToString()));
        Assert.Equal(9, used.Weight);
    }

    [Fact]
    public void Consumers_of_a_table_count_executions()
    {
        var consumers = _graph.ConsumersOf("mart.v_daily").ToDictionary(c => c.Consumer.Id, c => c.Executions);
        Assert.Equal(3, consumers["consumer:user:alice"]);
        Assert.Equal(3, consumers["consumer:application:superset"]);
        Assert.False(consumers.ContainsKey("consumer:user:bob"));
    }

    [Fact]
    public void Unknown_nodes_are_clear_errors()
    {
        var ex = Assert.Throws<KitDataException>(() => _graph.Downstream("column:nope.nope"));
        Assert.Contains("column:nope.nope", ex.Message);
    }
}
