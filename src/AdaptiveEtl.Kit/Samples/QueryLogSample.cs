using System.Globalization;
using System.Text.Json;

namespace AdaptiveEtl.Kit.Samples;

/// <summary>
/// A month (November 2025) of a small warehouse's SQL log: the nightly ETL (INSERT … SELECT, CREATE TABLE AS, MERGE,
/// UPDATE … FROM, DELETE … USING, views) and dashboard/ad-hoc queries by several users and applications, with
/// durations and row counts; two statements are deliberately unparseable. Also the warehouse catalog.
/// </summary>
internal static class QueryLogSample
{
    /// <summary>The warehouse catalog: table → column → type (lineage-bench's schema.json shape).</summary>
    public static readonly (string Table, (string Column, string Type)[] Columns)[] Catalog =
    [
        ("raw.orders", [("order_id", "bigint"), ("customer_id", "bigint"), ("order_ts", "timestamp"), ("amount", "double"), ("status", "varchar"), ("discount", "double")]),
        ("raw.customers", [("customer_id", "bigint"), ("name", "varchar"), ("email", "varchar"), ("country", "varchar"), ("segment", "varchar"), ("signup_date", "date")]),
        ("raw.products", [("product_id", "bigint"), ("name", "varchar"), ("category", "varchar"), ("price", "double")]),
        ("raw.order_items", [("order_id", "bigint"), ("product_id", "bigint"), ("quantity", "integer"), ("unit_price", "double")]),
        ("raw.legacy_events", [("event_id", "bigint"), ("payload", "varchar"), ("created_at", "timestamp")]),
        ("staging.orders", [("order_id", "bigint"), ("customer_id", "bigint"), ("order_date", "date"), ("amount", "double"), ("status", "varchar")]),
        ("staging.customers", [("customer_id", "bigint"), ("country", "varchar"), ("segment", "varchar"), ("signup_date", "date")]),
        ("mart.daily_revenue", [("order_date", "date"), ("country", "varchar"), ("revenue", "double"), ("orders", "bigint")]),
        ("mart.customer_ltv", [("customer_id", "bigint"), ("country", "varchar"), ("segment", "varchar"), ("lifetime_value", "double"), ("first_order", "date"), ("last_order", "date")]),
        ("mart.product_sales", [("product_id", "bigint"), ("category", "varchar"), ("units", "bigint"), ("revenue", "double")]),
        ("mart.v_top_customers", [("customer_id", "bigint"), ("country", "varchar"), ("lifetime_value", "double"), ("country_rank", "bigint")]),
        ("mart.v_revenue_by_segment", [("segment", "varchar"), ("order_date", "date"), ("revenue", "double")]),
    ];

    private static readonly string[] EtlStatements =
    [
        "INSERT INTO staging.orders (order_id, customer_id, order_date, amount, status)\nSELECT order_id, customer_id, CAST(order_ts AS DATE), amount - COALESCE(discount, 0), lower(status)\nFROM raw.orders\nWHERE order_ts >= DATE '{date}'",
        "INSERT INTO staging.customers\nSELECT customer_id, upper(country), segment, signup_date FROM raw.customers",
        "UPDATE staging.orders o SET status = 'refunded'\nFROM raw.orders r\nWHERE o.order_id = r.order_id AND r.status = 'REFUNDED'",
        "DELETE FROM staging.customers c USING raw.customers r\nWHERE c.customer_id = r.customer_id AND r.email IS NULL",
        "CREATE OR REPLACE TABLE mart.daily_revenue AS\nSELECT o.order_date, c.country, SUM(o.amount) AS revenue, COUNT(*) AS orders\nFROM staging.orders o JOIN staging.customers c ON o.customer_id = c.customer_id\nWHERE o.status = 'completed'\nGROUP BY o.order_date, c.country",
        "CREATE OR REPLACE TABLE mart.customer_ltv AS\nWITH per_customer AS (\n  SELECT customer_id, SUM(amount) AS total, MIN(order_date) AS first_order, MAX(order_date) AS last_order\n  FROM staging.orders GROUP BY customer_id)\nSELECT p.customer_id, c.country, c.segment, p.total AS lifetime_value, p.first_order, p.last_order\nFROM per_customer p LEFT JOIN staging.customers c ON c.customer_id = p.customer_id",
        "MERGE INTO mart.product_sales t\nUSING (SELECT oi.product_id, p.category, SUM(oi.quantity) AS units, SUM(oi.quantity * oi.unit_price) AS revenue\n       FROM raw.order_items oi JOIN raw.products p ON p.product_id = oi.product_id\n       GROUP BY oi.product_id, p.category) s\nON t.product_id = s.product_id\nWHEN MATCHED THEN UPDATE SET units = s.units, revenue = s.revenue\nWHEN NOT MATCHED THEN INSERT (product_id, category, units, revenue) VALUES (s.product_id, s.category, s.units, s.revenue)",
        "CREATE OR REPLACE VIEW mart.v_top_customers AS\nSELECT customer_id, country, lifetime_value,\n       RANK() OVER (PARTITION BY country ORDER BY lifetime_value DESC) AS country_rank\nFROM mart.customer_ltv",
        "CREATE OR REPLACE VIEW mart.v_revenue_by_segment AS\nSELECT c.segment, d.order_date, SUM(o.amount) AS revenue\nFROM staging.orders o\nJOIN staging.customers c ON c.customer_id = o.customer_id\nJOIN mart.daily_revenue d ON d.order_date = o.order_date AND d.country = c.country\nGROUP BY c.segment, d.order_date",
    ];

    private static readonly string[] DashboardStatements =
    [
        "SELECT country, SUM(revenue) AS revenue FROM mart.daily_revenue WHERE order_date >= DATE '{date}' GROUP BY country ORDER BY revenue DESC",
        "SELECT * FROM mart.v_top_customers WHERE country_rank <= 10",
        "SELECT segment, AVG(lifetime_value) AS avg_ltv, COUNT(*) FILTER (WHERE lifetime_value > 1000) AS high_value\nFROM mart.customer_ltv GROUP BY segment",
        "SELECT p.category, SUM(ps.revenue) AS revenue, SUM(ps.units) AS units\nFROM mart.product_sales ps JOIN raw.products p ON p.product_id = ps.product_id\nGROUP BY p.category HAVING SUM(ps.revenue) > 0",
        "SELECT order_date, revenue,\n       AVG(revenue) OVER (ORDER BY order_date ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS revenue_7d\nFROM (SELECT order_date, SUM(revenue) AS revenue FROM mart.daily_revenue GROUP BY order_date) t\nORDER BY order_date",
        "SELECT c.country,\n       CASE WHEN l.lifetime_value > 1000 THEN 'high' WHEN l.lifetime_value > 100 THEN 'mid' ELSE 'low' END AS tier,\n       COUNT(*) AS customers\nFROM mart.customer_ltv l JOIN staging.customers c ON c.customer_id = l.customer_id\nGROUP BY 1, 2",
        "SELECT customer_id FROM staging.orders WHERE amount > 500\nUNION\nSELECT customer_id FROM mart.customer_ltv WHERE lifetime_value > 5000",
        "SELECT o.order_id, o.amount FROM staging.orders o\nWHERE o.amount > (SELECT AVG(amount) * 3 FROM staging.orders)\n  AND o.customer_id IN (SELECT customer_id FROM staging.customers WHERE segment = 'enterprise')",
        "SELECT segment, revenue FROM mart.v_revenue_by_segment WHERE order_date = DATE '{date}'",
        "WITH RECURSIVE days(d) AS (\n  SELECT DATE '2025-11-01'\n  UNION ALL\n  SELECT d + 1 FROM days WHERE d < DATE '2025-11-30')\nSELECT days.d AS day, COALESCE(r.revenue, 0) AS revenue\nFROM days LEFT JOIN (SELECT order_date, SUM(revenue) AS revenue FROM mart.daily_revenue GROUP BY order_date) r ON r.order_date = days.d\nORDER BY days.d",
        "SELECT c.segment, o.order_date, CAST(SUM(o.amount) AS DECIMAL(18, 2)) AS revenue, COUNT(DISTINCT o.customer_id) AS buyers\nFROM staging.orders o JOIN staging.customers c ON c.customer_id = o.customer_id\nWHERE o.order_date BETWEEN DATE '{date}' - INTERVAL 7 DAY AND DATE '{date}'\nGROUP BY ALL",
    ];

    private static readonly string[] Unparseable =
    [
        "SELEC country, revenue FROM mart.daily_revenue",
        "SELECT * FROM mart.daily_revenue WHERE order_date >",
    ];

    private static readonly (string User, string App, int[] Queries)[] Consumers =
    [
        ("alice", "superset", [0, 1, 4, 8]),
        ("bob", "tableau", [2, 3, 5]),
        ("carol", "jupyter", [6, 7, 9, 10]),
        ("dave", "excel", [0, 3]),
        ("erin", "superset", [1, 5, 8]),
    ];

    public static string CatalogJson()
    {
        var doc = Catalog.ToDictionary(t => t.Table, t => t.Columns.ToDictionary(c => c.Column, c => c.Type));
        // Insertion order of Dictionary is preserved for a fresh dictionary without removals, so the file is deterministic.
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n") + "\n";
    }

    public static string LogCsv(int seed)
    {
        var rng = new SampleRandom(seed);
        var entries = new List<(DateTimeOffset Ts, string User, string App, double Ms, int Rows, string Sql)>();
        for (var day = new DateOnly(2025, 11, 1); day <= new DateOnly(2025, 11, 30); day = day.AddDays(1))
        {
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            string date = day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var t = midnight.AddHours(2).AddSeconds(rng.Int(0, 120));
            foreach (var sql in EtlStatements)
            {
                double ms = Math.Round(rng.LogNormal(7.5, 0.4), 1);
                entries.Add((Whole(t), "etl_service", "airflow", ms, rng.Int(1_000, 60_000), sql.Replace("{date}", date)));
                t = t.AddMilliseconds(ms + rng.Int(500, 5_000));
            }
            foreach (var (user, app, queries) in Consumers)
            {
                int n = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? rng.Poisson(0.6) : 1 + rng.Poisson(1.5);
                for (int k = 0; k < n; k++)
                {
                    var q = queries[rng.Int(0, queries.Length)];
                    var ts = midnight.AddHours(8 + rng.Uniform(0, 10)).AddMilliseconds(rng.Int(0, 1000));
                    entries.Add((Whole(ts), user, app, Math.Round(rng.LogNormal(5.5, 0.9), 1), rng.Int(1, 500), DashboardStatements[q].Replace("{date}", date)));
                }
            }
            if (day.Day is 7 or 21)
            {
                var bad = Unparseable[day.Day == 7 ? 0 : 1];
                entries.Add((midnight.AddHours(15), "dave", "excel", 3.0, 0, bad));
            }
        }
        var csv = new CsvText("query_id", "ts", "user_name", "application", "duration_ms", "rows_returned", "query_text");
        int id = 1;
        foreach (var e in entries.OrderBy(e => e.Ts)) // OrderBy is stable: ties keep generation order
            csv.Row(id++, e.Ts, e.User, e.App, e.Ms, e.Rows, e.Sql);
        return csv.ToString();
    }

    private static DateTimeOffset Whole(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
