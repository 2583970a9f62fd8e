using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Usage;

public class WorkloadModelTests
{
    private static LineageCatalog Catalog() => new LineageCatalog()
        .Add("shop.orders", ["id", "customer_id", "amount", "created_at", "status"])
        .Add("shop.customers", ["id", "country"])
        .Add("mart.sales_by_country", ["country", "revenue"])
        .Add("raw.orders", ["id", "customer_id", "amount", "created_at", "status"]);

    private static DateTimeOffset T(int month, int day, int hour = 9) => new(2025, month, day, hour, 0, 0, TimeSpan.Zero);

    // The hand-written log. Counted by hand:
    //   F1 (#0, #1) point lookup by customer_id: 2 executions, 100 + 300 = 400 ms, filter customer_id (equality).
    //   F2 (#2) join + range filter on created_at + group by country: 1 entry standing for 2 calls, 200 ms in total.
    //   F3 (#3) ETL INSERT into mart.sales_by_country from orders ⋈ customers: 1 execution, 1000 ms.
    //   F4 (#4) top-3 from the mart: ORDER BY revenue under LIMIT: 1 execution.
    //   F5 (#5) unparseable: 1 execution, counts for time and consumers only.
    //   shop.orders.customer_id: filter in F1 (2), join in F2 (2) and F3 (1) → filters 2, joins 3, reads 5;
    //     plus the access-log read filtering on it → filters 3, reads 6, access reads 1.
    //   shop.orders.created_at: range filter in F2 → filters 2, range filters 2.
    //   shop.customers.country: group key in F2 (2) and F3 (1) → groups 3.
    //   Weeks: Sep 1, Sep 8, Sep 15. F1 runs [2, 0, 0] per week → least-squares slope −1 (x̄ = 1, ȳ = 2/3, Sxy = −2, Sxx = 2).
    private static readonly QueryLogEntry[] Log =
    [
        new("1", T(9, 1), "alice", "superset", 100, 10, 1, "SELECT o.amount FROM shop.orders o WHERE o.customer_id = 7"),
        new("2", T(9, 2), "alice", "superset", 300, 5, 1, "select o.amount\nFROM shop.orders o WHERE o.customer_id = 8"),
        new("3", T(9, 9), "bob", "tableau", 200, 6, 2, "SELECT c.country, SUM(o.amount) AS revenue FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id WHERE o.created_at >= DATE '2025-09-01' GROUP BY c.country"),
        new("4", T(9, 10, 2), "etl", "airflow", 1000, 4, 1, "INSERT INTO mart.sales_by_country (country, revenue) SELECT c.country, SUM(o.amount) FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id GROUP BY c.country"),
        new("5", T(9, 16), "carol", "jupyter", 50, 3, 1, "SELECT country, revenue FROM mart.sales_by_country ORDER BY revenue DESC LIMIT 3"),
        new("6", T(9, 16), "dave", "excel", 5, 0, 1, "SELEC broken"),
    ];

    private static readonly AccessLogEntry[] Access = [new(T(9, 17), "svc", "api", "shop.orders", ["id", "amount"], 20, 2, ["customer_id"])];

    private static TableProfile OrdersProfile() => new(new QualifiedTable("shop", "orders"), T(9, 20), 1000, 64_000,
    [
        new ColumnProfile("id", "BIGINT", 1000, 0, 1000, 1, 1000, null, false),
        new ColumnProfile("customer_id", "BIGINT", 1000, 0, 100, 1, 100, null, false),
        new ColumnProfile("created_at", "TIMESTAMP", 1000, 0, 1000, T(8, 1, 0).ToUnixTimeSeconds(), T(9, 30, 0).ToUnixTimeSeconds(), null, true),
    ], false);

    private static WorkloadModel Build(LineageGraph? graph = null)
    {
        using var parser = new SqlLineageParser(Catalog());
        return WorkloadModel.Build(Log, parser, Access, [OrdersProfile()], graph);
    }

    [Fact]
    public void A_quoted_mixed_case_column_is_found_by_its_exact_name_and_an_unquoted_one_by_any_case()
    {
        // "Orders"."Order ID" and orders.order_id are different columns (PostgreSQL keeps quoted case, folds the rest).
        var log = new QueryLogEntry[]
        {
            new("1", T(9, 1), "alice", "superset", 10, 1, 1, "SELECT \"Order ID\" FROM shop.\"Orders\" WHERE \"Order ID\" = 7"),
            new("2", T(9, 1), "alice", "superset", 10, 1, 1, "SELECT amount FROM shop.orders WHERE customer_id = 7"),
        };
        using var parser = new SqlLineageParser(new LineageCatalog().Add("shop.\"Orders\"", ["\"Order ID\""]).Add("shop.orders", ["customer_id", "amount"]));
        var m = WorkloadModel.Build(log, parser, [], [], null);
        Assert.Equal(1, m.Column(new ColumnRef("shop.Orders", "Order ID"))?.Filters);
        Assert.Null(m.Column(new ColumnRef("shop.orders", "order id")));
        Assert.Equal(1, m.Column(new ColumnRef("SHOP.ORDERS", "Customer_Id"))?.Filters);
        Assert.NotNull(m.Table("shop.Orders"));
        Assert.NotNull(m.Table("Shop.Orders") ?? m.Table("shop.orders"));
    }

    [Fact]
    public void Families_group_by_fingerprint_with_hand_counted_durations_and_consumers()
    {
        var m = Build();
        Assert.Equal(6, m.Families.Count); // 5 SQL families + 1 access-read family
        Assert.Equal(1, m.UnparsedFamilies);
        var f1 = m.Family(SqlFingerprint.Of(Log[0].QueryText))!;
        Assert.Equal(2, f1.Executions);
        Assert.Equal(2, f1.DistinctTexts);
        Assert.Equal(400, f1.TotalDurationMs, 6);
        Assert.Equal(200, f1.MeanDurationMs, 6);
        Assert.Equal(7.5, f1.MeanRows!.Value, 6);
        Assert.Equal(["application:superset", "user:alice"], f1.Consumers);
        Assert.Equal(3, f1.Weekly.Count);
        Assert.Equal([2L, 0L, 0L], f1.Weekly.Select(w => w.Executions));
        Assert.Equal(-1, f1.ExecutionTrendPerWeek, 9);
        var f2 = m.Family(SqlFingerprint.Of(Log[2].QueryText))!;
        Assert.Equal(2, f2.Executions);
        Assert.Equal(200, f2.TotalDurationMs, 6);
        Assert.Equal(100, f2.MeanDurationMs, 6);
        Assert.Equal(StatementKind.Select, f2.Kind);
        var alice = m.Consumers.Single(c => c is { Kind: "user", Name: "alice" });
        Assert.Equal((2L, 400.0), (alice.Executions, alice.TotalDurationMs));
        Assert.Equal(["shop.orders"], alice.Tables);
        Assert.Equal(8, m.Executions.Sum(e => e.Calls)); // F1 2 + F2 2 (one entry, 2 calls) + F3 1 + F4 1 + F5 1 + access 1
    }

    [Fact]
    public void Column_roles_are_counted_per_execution()
    {
        var m = Build();
        var customer = m.Column(new ColumnRef("shop.orders", "customer_id"))!;
        Assert.Equal((6L, 3L, 3L, 2L, 1L), (customer.Reads, customer.Filters, customer.Joins, customer.EqualityFilters, customer.AccessReads));
        var created = m.Column(new ColumnRef("shop.orders", "created_at"))!;
        Assert.Equal((2L, 2L, 0L), (created.Filters, created.RangeFilters, created.EqualityFilters));
        Assert.Equal(3, m.Column(new ColumnRef("shop.customers", "country"))!.Groups);
        Assert.Equal(1, m.Column(new ColumnRef("mart.sales_by_country", "revenue"))!.Orders);
        var orders = m.Table("shop.orders")!;
        Assert.Equal((6L, 0L, 1L), (orders.Reads, orders.Writes, orders.AccessReads));
        Assert.Null(m.Column(new ColumnRef("shop.orders", "status")));
    }

    [Fact]
    public void Selectivity_comes_from_the_profile_when_there_is_one()
    {
        var m = Build();
        // customer_id = literal: 1/distinct = 1/100 (no nulls); the access read has no literal and does not count.
        Assert.Equal(0.01, m.Column(new ColumnRef("shop.orders", "customer_id"))!.Selectivity!.Value, 9);
        // created_at >= 2025-09-01 over [2025-08-01, 2025-09-30]: (Sep 30 − Sep 1) / (Sep 30 − Aug 1) = 29 / 60 days.
        Assert.Equal(29.0 / 60, m.Column(new ColumnRef("shop.orders", "created_at"))!.Selectivity!.Value, 9);
        // Without a profile: PostgreSQL's DEFAULT_EQ_SEL 0.005.
        using var parser = new SqlLineageParser(Catalog());
        var bare = WorkloadModel.Build(Log, parser);
        Assert.Equal(0.005, bare.Column(new ColumnRef("shop.orders", "customer_id"))!.Selectivity!.Value, 9);
    }

    [Fact]
    public void Lineage_gives_depth_and_the_transitive_refresh_dependency()
    {
        var m = Build();
        var mart = m.Table("mart.sales_by_country")!;
        Assert.Equal(1, mart.LineageDepth);
        Assert.Equal(["shop.customers", "shop.orders"], mart.Upstream);
        Assert.Equal(0, m.Table("shop.orders")!.LineageDepth);

        // A lineage graph adds a dependency the log does not show: raw.orders → shop.orders.
        var graph = new LineageGraph();
        using (var parser = new SqlLineageParser(Catalog()))
            graph.AddStatement(parser.Parse("INSERT INTO shop.orders SELECT id, customer_id, amount, created_at, status FROM raw.orders"), at: T(8, 1));
        var withGraph = Build(graph);
        Assert.Equal(1, withGraph.Table("shop.orders")!.LineageDepth);
        Assert.Equal(2, withGraph.Table("mart.sales_by_country")!.LineageDepth);
        Assert.Equal(["shop.customers", "shop.orders", "raw.orders"], withGraph.UpstreamOf("mart.sales_by_country"));
        Assert.Equal(2, withGraph.Family(SqlFingerprint.Of(Log[4].QueryText))!.LineageDepth);
    }

    [Fact]
    public void Renders_html_and_text_tables()
    {
        var m = Build();
        var html = m.ToHtml();
        Assert.Contains("<caption", html);
        Assert.Contains("shop.orders.customer_id", html);
        Assert.Contains("Query families", m.ToString());
    }
}
