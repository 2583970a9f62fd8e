using System.Globalization;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;
using AdaptiveEtl.Kit.Tests.SchemaEvolution.Ddl;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Recommendations;

public class RecommenderTests
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly QualifiedTable Orders = new("shop", "orders"), Customers = new("shop", "customers");

    private static LineageCatalog Catalog() => new LineageCatalog()
        .Add("shop.orders", ["id", "customer_id", "amount", "created_at", "status"])
        .Add("shop.customers", ["id", "country"])
        .Add("mart.revenue", ["country", "revenue"]);

    private static double Epoch(int y, int m, int d) => new DateTimeOffset(y, m, d, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private static TableProfile OrdersProfile(long rows = 200_000) => new(Orders, T0, rows, rows * 50,
    [
        new ColumnProfile("id", "bigint", rows, 0, rows, 1, rows, null, false),
        new ColumnProfile("customer_id", "bigint", rows, 0, 5000, 1, 5000, null, false),
        new ColumnProfile("amount", "double precision", rows, 0, rows / 2, 0, 1000, null, false),
        new ColumnProfile("created_at", "timestamp", rows, 0, rows, Epoch(2025, 1, 1), Epoch(2025, 12, 31), null, true),
        new ColumnProfile("status", "character varying(255)", rows, 0, 4, null, null, 9, false),
    ], false);

    private static TableProfile CustomersProfile() => new(Customers, T0, 500, 20_000,
        [new ColumnProfile("id", "bigint", 500, 0, 500, 1, 500, null, false), new ColumnProfile("country", "character varying(255)", 500, 0, 6, null, null, 2, false)], false);

    private static IEnumerable<QueryLogEntry> Repeat(int n, Func<int, string> sql, double ms = 100, string user = "alice") =>
        Enumerable.Range(0, n).Select(i => new QueryLogEntry(null, T0.AddHours(i), user, "app", ms, 5, 1, sql(i)));

    private static WorkloadModel Model(IEnumerable<QueryLogEntry> log, params TableProfile[] profiles)
    {
        using var parser = new SqlLineageParser(Catalog());
        return WorkloadModel.Build(log, parser, profiles: profiles);
    }

    private static AdvisorContext Context(WorkloadModel m, ProfileHistory? h = null, Dictionary<ColumnRef, IReadOnlyList<ValueFrequency>>? f = null) =>
        new(m, h, f ?? []);

    [Fact]
    public void Index_recommender_picks_selective_columns_and_orders_composites_equality_first()
    {
        var log = Repeat(10, i => $"SELECT o.amount FROM shop.orders o WHERE o.customer_id = {i + 1}")
            .Concat(Repeat(6, i => $"SELECT o.id FROM shop.orders o WHERE o.created_at >= DATE '2025-12-01' AND o.status = 'open' AND o.customer_id = {i + 7}"))
            .Concat(Repeat(8, i => $"SELECT c.country FROM shop.customers c WHERE c.id = {i}"));
        var recs = new IndexRecommender().Recommend(Context(Model(log, OrdersProfile(), CustomersProfile())), new SchemaAdvisorOptions()).ToList();
        // Single: created_at ((Dec 31 − Dec 1)/(Dec 31 − Jan 1) = 30/364 → gain 1 − 120/364); status (1/4 → 1 − 4/4 = 0) gets none;
        // customer_id (1/5000) leads the composite below, which serves its point lookups too, so it gets no index of its own.
        var single = recs.Where(r => r.Columns.Count == 1).ToDictionary(r => r.Columns[0]);
        Assert.Equal(Math.Round(1 - 4 * 30.0 / 364, 4), single["created_at"].ExpectedGain, 4);
        Assert.False(single.ContainsKey("status"));
        Assert.False(single.ContainsKey("customer_id"));
        Assert.DoesNotContain(recs, r => r.Table == Customers); // 500 rows < MinTableRows: a scan is cheap
        // Composite: equality columns first, most selective first (customer_id 1/5000, status 1/4), the range column last.
        var composite = Assert.Single(recs, r => r.Columns.Count > 1);
        Assert.Equal(["customer_id", "status", "created_at"], composite.Columns);
        Assert.Equal(Math.Round(1 - 4 * (1.0 / 5000) * 0.25 * (30.0 / 364), 4), composite.ExpectedGain, 4);
        // Storage: 200,000 rows × (12 + 8 + (1 + 9/2) + 8) bytes / 0.9.
        Assert.Equal((long)Math.Ceiling(200_000 * (12 + 8 + 5.5 + 8) / 0.9), composite.EstimatedStorageBytes);
        Assert.All(recs, r => Assert.Equal(RecommendationKind.Index, r.Kind));
        Assert.All(recs, r => Assert.NotEmpty(r.Evidence));
    }

    [Fact]
    public void Partitioning_recommender_makes_monthly_ranges_with_headroom()
    {
        var log = Repeat(10, i => "SELECT o.amount FROM shop.orders o WHERE o.created_at >= DATE '2025-12-01'");
        var rec = Assert.Single(new PartitioningRecommender().Recommend(Context(Model(log, OrdersProfile())), new SchemaAdvisorOptions()));
        Assert.Equal(RecommendationKind.Partitioning, rec.Kind);
        Assert.Equal(("range", "2025-01-01", "2026-03-31"), (rec.Option("method"), rec.Option("from"), rec.Option("to")));
        // 12 observed months: gain = 1 − (30/364 + 1/12).
        Assert.Equal(Math.Round(1 - (30.0 / 364 + 1.0 / 12), 4), rec.ExpectedGain, 4);
        var pg = SchemaChangeDdl.Generate(rec, DdlDialect.PostgreSql);
        Assert.Equal(15, pg.Forward.Count(s => s.Contains("FOR VALUES FROM"))); // Jan 2025 … Mar 2026
        // Too small for partitions: clustering instead.
        var small = Assert.Single(new PartitioningRecommender().Recommend(Context(Model(log, OrdersProfile(50_000))), new SchemaAdvisorOptions()));
        Assert.Equal(RecommendationKind.Clustering, small.Kind);
    }

    [Fact]
    public void Materialized_view_recommender_takes_the_critical_path_family_with_its_refresh_dependency()
    {
        const string etl = "INSERT INTO mart.revenue (country, revenue) SELECT c.country, SUM(o.amount) FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id GROUP BY c.country";
        const string dashboard = "SELECT r.country, r.revenue FROM mart.revenue r JOIN shop.customers c ON c.country = r.country WHERE r.revenue > 100";
        var martProfile = new TableProfile(new QualifiedTable("mart", "revenue"), T0, 6, 600, [new ColumnProfile("country", "varchar", 6, 0, 6, null, null, 2, false)], false);
        var log = Repeat(2, _ => etl, 5000, "etl")
            .Concat(Repeat(12, _ => dashboard, 900))
            .Concat(Repeat(30, i => $"SELECT o.amount FROM shop.orders o WHERE o.id = {i}", 10)); // parameterised: not a view
        var recs = new MaterializedViewRecommender().Recommend(Context(Model(log, OrdersProfile(), CustomersProfile(), martProfile)), new SchemaAdvisorOptions()).ToList();
        var mv = Assert.Single(recs);
        Assert.Equal(dashboard, mv.Option("sql"));
        Assert.Equal(new QualifiedTable("mart", "revenue"), mv.Table);
        Assert.Equal("mv_" + SqlFingerprint.Of(dashboard), mv.Option("name"));
        // Reads mart.revenue and shop.customers; mart.revenue is refreshed from shop.orders and shop.customers.
        Assert.Equal(["mart.revenue", "shop.customers", "shop.orders"], mv.Option("refresh_after")!.Split(',').Order(StringComparer.Ordinal));
        // Returns 5 rows (Repeat's rows) from 6 + 500 source rows.
        Assert.Equal(Math.Round(1 - 5.0 / 506, 4), mv.ExpectedGain, 4);
        Assert.Contains(mv.Evidence, e => e.Contains("lineage depth 1"));
    }

    [Fact]
    public async Task Parameterised_join_family_becomes_a_pre_joined_table_that_runs_on_duckdb()
    {
        var bigCustomers = new TableProfile(Customers, T0, 100_000, null,
            [new ColumnProfile("id", "bigint", 100_000, 0, 100_000, 1, 100_000, null, false), new ColumnProfile("country", "varchar", 100_000, 0, 6, null, null, 2, false)], false);
        var log = Repeat(12, i => $"SELECT c.country, SUM(o.amount) AS revenue FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id WHERE o.status = 's{i % 4}' GROUP BY c.country", 800);
        var pj = Assert.Single(new MaterializedViewRecommender().Recommend(Context(Model(log, OrdersProfile(), bigCustomers)), new SchemaAdvisorOptions()));
        Assert.Equal(RecommendationKind.PreJoinedTable, pj.Kind);
        // Columns used: projected country and amount, filtered status (sorted); the joins kept, the WHERE dropped.
        Assert.Equal("SELECT \"c\".\"country\" AS \"customers__country\", \"o\".\"amount\" AS \"orders__amount\", \"o\".\"status\" AS \"orders__status\" " +
                     "FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id", pj.Option("sql"));
        Assert.Equal(Math.Round(1 - 200_000.0 / 300_000, 4), pj.ExpectedGain, 4); // 1 − largest input / all input rows
        await using var duck = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        await duck.OpenAsync(TestContext.Current.CancellationToken);
        await HostileDdl.ExecAsync(duck, "CREATE SCHEMA shop");
        await HostileDdl.ExecAsync(duck, "CREATE TABLE shop.orders AS SELECT i AS id, i % 3 AS customer_id, i * 1.5 AS amount, 's' || (i % 4) AS status, TIMESTAMP '2025-01-01' AS created_at FROM range(10) r(i)");
        await HostileDdl.ExecAsync(duck, "CREATE TABLE shop.customers AS SELECT i AS id, 'C' || i AS country FROM range(3) r(i)");
        await HostileDdl.RunAsync(duck, SchemaChangeDdl.Generate(pj, DdlDialect.DuckDb).Forward);
        Assert.Equal(10L, Convert.ToInt64(await HostileDdl.ScalarAsync(duck, $"SELECT count(*) FROM {new QualifiedTable(pj.Table.Schema, pj.Option("name")!).Quoted}"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Type_recommender_narrows_with_margin_and_widens_before_the_predicted_overflow()
    {
        var t = new QualifiedTable("s", "events");
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = new ProfileHistory();
        // seq INTEGER: max 2,147,000,000 + 10,000/day → reaches 2,147,483,647 after 48.36 days → 2025-02-18.
        // code VARCHAR(255): longest 16, flat → 16 × 1.5 = 24 → VARCHAR(24).  note VARCHAR(255): 10, 12, 14 → 0.2/day → 10 + 0.2 × 385 = 87 at the horizon
        // → 87 × 1.5 = 130.5 → VARCHAR(136).  big BIGINT: max 1,000,000 → INTEGER.  huge BIGINT: 3e9 → stays.  tag VARCHAR(255): 200, 220, 240 → reaches 255 at day 27.5.
        for (int k = 0; k < 3; k++)
            history.Add(new TableProfile(t, start.AddDays(10 * k), 1000, null,
            [
                new ColumnProfile("seq", "integer", 1000, 0, 1000, 1, 2_147_000_000 + 100_000.0 * k, null, false),
                new ColumnProfile("code", "character varying(255)", 1000, 0, 10, null, null, 16, false),
                new ColumnProfile("note", "character varying(255)", 1000, 0, 10, null, null, 10 + 2 * k, false),
                new ColumnProfile("big", "bigint", 1000, 0, 1000, -5, 1_000_000, null, false),
                new ColumnProfile("huge", "bigint", 1000, 0, 1000, 0, 3e9, null, false),
                new ColumnProfile("tag", "character varying(255)", 1000, 0, 10, null, null, 200 + 20 * k, false),
            ], false));
        var recs = new TypeRecommender().Recommend(Context(Model([]), history), new SchemaAdvisorOptions()).ToDictionary(r => r.Columns[0]);
        Assert.Equal((RecommendationKind.WidenType, "BIGINT", "2025-02-18"), (recs["seq"].Kind, recs["seq"].Option("to_type"), recs["seq"].Option("overflow_eta")));
        Assert.Equal((RecommendationKind.NarrowType, "VARCHAR(24)"), (recs["code"].Kind, recs["code"].Option("to_type")));
        Assert.Equal("VARCHAR(136)", recs["note"].Option("to_type"));
        Assert.Equal((RecommendationKind.NarrowType, "INTEGER", -4000L), (recs["big"].Kind, recs["big"].Option("to_type"), recs["big"].EstimatedStorageBytes));
        Assert.False(recs.ContainsKey("huge"));
        Assert.Equal((RecommendationKind.WidenType, "2025-01-28"), (recs["tag"].Kind, recs["tag"].Option("overflow_eta")));
        Assert.Equal("character varying(255)", recs["code"].Option("from_type"));
    }

    [Fact]
    public void Skew_statistics_match_the_formula_worked_by_hand()
    {
        // [1, 1, 1, 1, 6]: Σx = 10, Σ i·xᵢ = 1 + 2 + 3 + 4 + 30 = 40 → G = 2·40/(5·10) − 6/5 = 0.4; top-1 share 6/10; max/mean 6/2 = 3.
        long[] skewed = [6, 1, 1, 1, 1];
        Assert.Equal(0.4, SkewStatistics.Gini(skewed), 12);
        Assert.Equal(0.6, SkewStatistics.TopShare(skewed), 12);
        Assert.Equal(0.7, SkewStatistics.TopShare(skewed, 2), 12);
        Assert.Equal(3, SkewStatistics.Spread(skewed), 12);
        // [1, 2, 3, 4]: Σ i·xᵢ = 30 → G = 60/40 − 5/4 = 0.25. Equal counts → 0.
        Assert.Equal(0.25, SkewStatistics.Gini([4, 3, 2, 1]), 12);
        Assert.Equal(0, SkewStatistics.Gini([5, 5, 5, 5]), 12);
    }

    [Fact]
    public void Skew_recommender_salts_a_skewed_join_key_and_pairs_a_skewed_filter()
    {
        var log = Repeat(6, i => "SELECT c.country, SUM(o.amount) FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id GROUP BY c.country")
            .Concat(Repeat(6, i => $"SELECT o.id FROM shop.orders o WHERE o.status = 'open' AND o.customer_id = {i}"));
        var model = Model(log, OrdersProfile());
        var freq = new Dictionary<ColumnRef, IReadOnlyList<ValueFrequency>>
        {
            [new ColumnRef("shop.orders", "customer_id")] = [new("1", 6), new("2", 1), new("3", 1), new("4", 1), new("5", 1)],
            [new ColumnRef("shop.orders", "status")] = [new("open", 90), new("done", 10)],
            [new ColumnRef("shop.orders", "id")] = [new("1", 1), new("2", 1)],
        };
        var recs = new SkewRecommender().Recommend(Context(model, f: freq), new SchemaAdvisorOptions()).ToList();
        var salt = Assert.Single(recs, r => r.Option("strategy") == "salting");
        Assert.Equal(["customer_id"], salt.Columns);
        // max/mean = 3 → 3 buckets; gain = top share 0.6 × (1 − 1/3) = 0.4.
        Assert.Equal("3", salt.Option("salt_buckets"));
        Assert.Equal(0.4, salt.ExpectedGain, 4);
        Assert.Contains(salt.Evidence, e => e.Contains("Gini 0.400"));
        // status: top share 0.9, filtered with customer_id → composite (status, customer_id).
        Assert.Contains(recs, r => r.Option("strategy") == "composite" && r.Columns.SequenceEqual(["status", "customer_id"]));
        // 200,000 rows ≥ MinPartitionRows and id is unique → hash partitioning on (key, id) as well.
        Assert.Contains(recs, r => r.Option("strategy") == "hash" && r.Columns.SequenceEqual(["customer_id", "id"]) && r.Option("modulus") == "2");
        Assert.DoesNotContain(recs, r => r.Columns[0] == "id"); // an even key is not skewed
    }

    [Fact]
    public void Advisor_ranks_widenings_first_and_round_trips_its_json()
    {
        var log = Repeat(10, i => $"SELECT o.amount FROM shop.orders o WHERE o.customer_id = {i + 1}", 400)
            .Concat(Repeat(6, i => $"SELECT o.amount FROM shop.orders o WHERE o.created_at >= DATE '2025-12-0{1 + i % 5}'", 50));
        var history = new ProfileHistory();
        for (int k = 0; k < 3; k++)
            history.Add(new TableProfile(new QualifiedTable("shop", "counters"), T0.AddDays(-30 + 10 * k), 10, null,
                [new ColumnProfile("n", "integer", 10, 0, 10, 0, 2_000_000_000 + 5e7 * k, null, false)], false));
        var advice = new SchemaAdvisor().Recommend(Model(log, OrdersProfile()), history);
        Assert.Equal(RecommendationKind.WidenType, advice.Recommendations[0].Kind);
        var indexes = advice.Recommendations.Where(r => r.Kind == RecommendationKind.Index).ToList();
        // customer_id: gain 0.9992 × 4000 ms affected beats created_at's smaller gain × 300 ms.
        Assert.Equal("customer_id", indexes[0].Columns[0]);
        var json = advice.ToJson();
        Assert.Contains("\"postgresql\"", json);
        var back = SchemaAdvice.FromJson(json);
        Assert.Equal(advice.Recommendations.Select(r => (r.Id, r.Kind, r.Table, r.ExpectedGain, r.Risk)), back.Recommendations.Select(r => (r.Id, r.Kind, r.Table, r.ExpectedGain, r.Risk)));
        Assert.Equal(advice.Recommendations[0].Options.OrderBy(p => p.Key), back.Recommendations[0].Options.OrderBy(p => p.Key));
        Assert.Contains("<table", advice.ToHtml());
        Assert.Throws<KitDataException>(() => SchemaAdvice.FromJson("{\"recommendations\":[{\"id\":\"a\",\"kind\":\"Nope\",\"risk\":\"Low\",\"table\":{\"name\":\"t\"}}]}"));
        Assert.Equal(advice.Recommendations.Select(r => r.Id), new SchemaAdvisor().Recommend(Model(log, OrdersProfile()), history).Recommendations.Select(r => r.Id)); // stable ids
    }
}
