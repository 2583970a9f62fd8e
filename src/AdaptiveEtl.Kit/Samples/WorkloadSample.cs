using System.Globalization;
using System.Text;
using System.Text.Json;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.Samples;

/// <summary>
/// Four months (2025-09-01 … 2025-12-28, 17 weeks) of a growing workload over the <see cref="StarSchemaSample"/> star schema:
/// the nightly ETL, dashboards, notebooks and an API, with durations that grow with the fact table (×(1 + 1.5·t), t the
/// share of the period elapsed) and three query families that also degrade from mid-October on (×(1 + 8·max(0, t − 0.4)²)).
/// Also an access log of API reads, the star catalog, and weekly profile snapshots of the fact and customer tables.
/// </summary>
internal static class WorkloadSample
{
    public static readonly DateOnly First = new(2025, 9, 1), Last = new(2025, 12, 28);

    /// <summary>Query families: id, SQL template, base ms, base rows, degrades.</summary>
    private static readonly (string Id, string Sql, double Ms, int Rows, bool Degrades)[] Families =
    [
        ("revenue_by_country", "SELECT c.country, SUM(f.amount) AS revenue\nFROM star.fact_sales f JOIN star.dim_customer c ON c.customer_id = f.customer_id\nWHERE f.sold_at >= TIMESTAMP '{d7} 00:00:00'\nGROUP BY c.country\nORDER BY revenue DESC", 420, 6, true),
        ("customer_orders", "SELECT f.sale_id, f.amount, f.status FROM star.fact_sales f WHERE f.customer_id = {customer} ORDER BY f.sold_at DESC LIMIT 50", 95, 12, false),
        ("store_category_units", "SELECT p.category, SUM(f.quantity) AS units\nFROM star.fact_sales f JOIN star.dim_product p ON p.product_id = f.product_id\nWHERE f.store_id = {store} AND f.sold_at BETWEEN TIMESTAMP '{d30} 00:00:00' AND TIMESTAMP '{d} 00:00:00'\nGROUP BY p.category", 310, 8, true),
        ("region_category_revenue", "SELECT st.region, p.category, SUM(f.amount) AS revenue, COUNT(*) AS sales\nFROM star.fact_sales f\nJOIN star.dim_store st ON st.store_id = f.store_id\nJOIN star.dim_product p ON p.product_id = f.product_id\nWHERE f.status = 'completed'\nGROUP BY st.region, p.category", 650, 32, true),
        ("buyers_by_segment", "SELECT c.segment, COUNT(DISTINCT f.customer_id) AS buyers\nFROM star.fact_sales f JOIN star.dim_customer c ON c.customer_id = f.customer_id\nWHERE c.country IN ({countries})\nGROUP BY c.segment", 380, 3, false),
        ("monthly_category_revenue", "SELECT d.year, d.month, SUM(a.revenue) AS revenue\nFROM star.agg_daily_sales a JOIN star.dim_date d ON d.date_key = a.date_key\nWHERE a.category = '{category}'\nGROUP BY d.year, d.month\nORDER BY d.year, d.month", 45, 12, false),
        ("returns_by_reason", "SELECT r.reason, COUNT(*) AS returns\nFROM star.fact_returns r JOIN star.fact_sales f ON f.sale_id = r.sale_id\nWHERE r.returned_at >= TIMESTAMP '{d30} 00:00:00'\nGROUP BY r.reason", 160, 4, false),
        ("daily_status", "SELECT f.status, COUNT(*) AS sales FROM star.fact_sales f WHERE f.date_key = {date_key} GROUP BY f.status", 140, 3, false),
        ("customer_lookup", "SELECT c.customer_id, c.name, c.country, c.segment FROM star.dim_customer c WHERE c.customer_id = {customer}", 4, 1, false),
        ("region_city_revenue", "SELECT st.city, SUM(f.amount) AS revenue\nFROM star.fact_sales f JOIN star.dim_store st ON st.store_id = f.store_id\nWHERE st.region = '{region}' AND f.sold_at >= TIMESTAMP '{d7} 00:00:00'\nGROUP BY st.city", 280, 5, false),
    ];

    private static readonly string[] Etl =
    [
        "INSERT INTO star.fact_sales (sale_id, date_key, sold_at, customer_id, product_id, store_id, quantity, amount, status, line_seq)\nSELECT s.sale_id, s.date_key, s.sold_at, s.customer_id, s.product_id, s.store_id, s.quantity, s.amount, lower(s.status), s.line_seq\nFROM staging.sales s\nWHERE s.sold_at >= TIMESTAMP '{d1} 00:00:00'",
        "CREATE OR REPLACE TABLE star.agg_daily_sales AS\nSELECT f.date_key, st.region, p.category, SUM(f.amount) AS revenue, COUNT(*) AS sales\nFROM star.fact_sales f\nJOIN star.dim_store st ON st.store_id = f.store_id\nJOIN star.dim_product p ON p.product_id = f.product_id\nGROUP BY f.date_key, st.region, p.category",
    ];

    /// <summary>Consumers: user, application, the families they run (indexes into <see cref="Families"/>), mean runs per weekday.</summary>
    private static readonly (string User, string App, int[] Families, double PerDay)[] Consumers =
    [
        ("alice", "superset", [0, 3, 9], 3.0),
        ("bob", "tableau", [2, 3, 5], 2.5),
        ("carol", "jupyter", [4, 6, 7], 1.5),
        ("dave", "excel", [5], 0.6),
        ("api_service", "orders-api", [1, 1, 1, 8], 4.0),
    ];

    private static double Elapsed(DateOnly day) => (double)(day.DayNumber - First.DayNumber) / (Last.DayNumber - First.DayNumber);

    private static double Growth(double t) => 1 + 1.5 * t;

    private static double Degradation(double t) => 1 + 8 * Math.Pow(Math.Max(0, t - 0.4), 2);

    public static string WorkloadCsv(int seed)
    {
        var rng = new SampleRandom(seed);
        var entries = new List<(DateTimeOffset Ts, string User, string App, double Ms, long Rows, string Sql)>();
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            double t = Elapsed(day);
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var at = midnight.AddHours(1).AddSeconds(rng.Int(0, 300));
            foreach (var sql in Etl)
            {
                double ms = Math.Round(rng.LogNormal(Math.Log(2500 * Growth(t)), 0.2), 1);
                entries.Add((at, "etl_service", "airflow", ms, (long)(800 * Growth(t)) + rng.Int(0, 200), Fill(sql, day, rng)));
                at = at.AddSeconds(Math.Ceiling(ms / 1000) + rng.Int(5, 60));
            }
            bool weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            foreach (var (user, app, families, perDay) in Consumers)
            {
                double mean = perDay * (weekend ? 0.25 : 1) * (user == "api_service" ? Growth(t) : 1);
                int n = rng.Poisson(mean);
                for (int k = 0; k < n; k++)
                {
                    int f = families[rng.Int(0, families.Length)];
                    var (_, sql, baseMs, baseRows, degrades) = Families[f];
                    double ms = baseMs * Growth(t) * (degrades ? Degradation(t) : 1);
                    var ts = midnight.AddHours(user == "api_service" ? rng.Uniform(0, 24) : 8 + rng.Uniform(0, 10));
                    entries.Add((Whole(ts), user, app, Math.Round(rng.LogNormal(Math.Log(ms), 0.25), 1), Math.Max(1, baseRows + rng.Int(-baseRows / 3, baseRows / 3 + 1)), Fill(sql, day, rng)));
                }
            }
            if (day.Day == 15)
                entries.Add((midnight.AddHours(16), "dave", "excel", 2.0, 0, "SELEC store_id FROM star.dim_store"));
        }
        var csv = new CsvText("query_id", "ts", "user_name", "application", "duration_ms", "rows_returned", "query_text");
        int id = 1;
        foreach (var e in entries.OrderBy(e => e.Ts)) csv.Row(id++, e.Ts, e.User, e.App, e.Ms, e.Rows, e.Sql);
        return csv.ToString();
    }

    private static string Fill(string sql, DateOnly day, SampleRandom rng)
    {
        static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var s = sql.Replace("{d1}", D(day.AddDays(-1))).Replace("{d7}", D(day.AddDays(-7))).Replace("{d30}", D(day.AddDays(-30))).Replace("{d}", D(day));
        if (s.Contains("{customer}")) s = s.Replace("{customer}", rng.Int(1, 5_001).ToString(CultureInfo.InvariantCulture));
        if (s.Contains("{store}")) s = s.Replace("{store}", (rng.Chance(0.3) ? 1 : rng.Int(1, StarSchemaSample.Stores + 1)).ToString(CultureInfo.InvariantCulture));
        if (s.Contains("{category}")) s = s.Replace("{category}", rng.Pick(StarSchemaSample.Categories));
        if (s.Contains("{region}")) s = s.Replace("{region}", rng.Pick(StarSchemaSample.Regions));
        if (s.Contains("{date_key}")) s = s.Replace("{date_key}", StarSchemaSample.DateKey(day.AddDays(-rng.Int(1, 8))).ToString(CultureInfo.InvariantCulture));
        if (s.Contains("{countries}"))
        {
            var picked = StarSchemaSample.Countries.Where(_ => rng.Chance(0.4)).DefaultIfEmpty("DE").Select(c => "'" + c + "'");
            s = s.Replace("{countries}", string.Join(", ", picked));
        }
        return s;
    }

    private static DateTimeOffset Whole(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static readonly (string Dataset, string[] Columns, string[] Filters, double Ms, int Rows, bool Grows)[] Reads =
    [
        ("star.agg_daily_sales", ["date_key", "region", "revenue"], ["region"], 35, 90, false),
        ("star.dim_customer", ["customer_id", "name", "country"], ["customer_id"], 3, 1, false),
        ("star.fact_sales", ["sale_id", "amount", "status", "sold_at"], ["customer_id"], 80, 15, true),
        ("star.fact_sales", ["sale_id", "amount"], ["store_id", "sold_at"], 190, 40, true),
    ];

    private static readonly (string User, string App)[] Readers = [("orders-api", "mobile-app"), ("orders-api", "web-shop"), ("reporting", "partner-portal")];

    public static string AccessLogJsonl(int seed)
    {
        var rng = new SampleRandom(seed);
        var lines = new List<(DateTimeOffset Ts, string Json)>();
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            double t = Elapsed(day);
            int n = rng.Poisson(8 * Growth(t));
            var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            for (int k = 0; k < n; k++)
            {
                var (dataset, columns, filters, ms, rows, grows) = Reads[rng.Categorical([3, 4, 4, 2])];
                var (user, app) = Readers[rng.Int(0, Readers.Length)];
                var ts = Whole(midnight.AddSeconds(rng.Uniform(0, 86_400)));
                double latency = Math.Round(rng.LogNormal(Math.Log(ms * (grows ? Growth(t) : 1)), 0.3), 1);
                var sb = new StringBuilder();
                sb.Append("{\"ts\":\"").Append(ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                  .Append("\",\"user\":").Append(JsonSerializer.Serialize(user)).Append(",\"application\":").Append(JsonSerializer.Serialize(app))
                  .Append(",\"dataset\":").Append(JsonSerializer.Serialize(dataset)).Append(",\"columns\":").Append(JsonSerializer.Serialize(columns))
                  .Append(",\"filters\":").Append(JsonSerializer.Serialize(filters)).Append(",\"latency_ms\":").Append(latency.ToString("0.#", CultureInfo.InvariantCulture))
                  .Append(",\"rows\":").Append(Math.Max(0, rows + rng.Int(-rows / 2, rows / 2 + 1)).ToString(CultureInfo.InvariantCulture)).Append('}');
                lines.Add((ts, sb.ToString()));
            }
        }
        return string.Concat(lines.OrderBy(l => l.Ts).Select(l => l.Json + "\n"));
    }

    public static string CatalogJson()
    {
        var catalog = StarSchemaSample.Catalog();
        var doc = catalog.Tables.ToDictionary(t => t, t => catalog.ExactColumns(t).ToDictionary(c => c, _ => "any"));
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n") + "\n";
    }

    /// <summary>
    /// Weekly profile snapshots (Mondays) of <c>star.fact_sales</c> and <c>star.dim_customer</c> over the workload's 17 weeks, as a
    /// <see cref="ProfileHistory"/> JSON: the fact table grows ~60k rows a week and faster, <c>line_seq</c> (INTEGER) climbs
    /// ~2–5M a week towards 2³¹ − 1, <c>status</c> (VARCHAR(255)) never exceeds 9 characters, <c>customer_id</c> stays small.
    /// </summary>
    public static string ProfileHistoryJson(int seed)
    {
        var rng = new SampleRandom(seed);
        var history = new ProfileHistory();
        var fact = new QualifiedTable("star", "fact_sales");
        var customers = new QualifiedTable("star", "dim_customer");
        long rows = 1_200_000, custRows = 60_000;
        double seq = 2_000_000_000;
        double firstSale = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        for (var day = First; day <= Last; day = day.AddDays(7))
        {
            double t = Elapsed(day);
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero);
            long added = (long)(60_000 * Growth(t) * rng.Uniform(0.9, 1.1));
            rows += added;
            seq += added * 34; // the upstream counter advances ~34 per sale line
            custRows += rng.Int(800, 1_200);
            history.Add(new TableProfile(fact, at, rows, rows * 96, [
                new ColumnProfile("sale_id", "bigint", rows, 0, rows, 1, rows, null, false),
                new ColumnProfile("sold_at", "timestamp without time zone", rows, 0, rows * 9 / 10, firstSale, at.ToUnixTimeSeconds() - 3_600, null, true),
                new ColumnProfile("customer_id", "bigint", rows, 0, custRows, 1, custRows, null, false),
                new ColumnProfile("store_id", "integer", rows, 0, StarSchemaSample.Stores, 1, StarSchemaSample.Stores, null, false),
                new ColumnProfile("status", "character varying(255)", rows, 0, 3, null, null, 9, false),
                new ColumnProfile("line_seq", "integer", rows, 0, rows, 2_000_000_000, Math.Round(seq), null, false),
            ], false));
            history.Add(new TableProfile(customers, at.AddMinutes(5), custRows, custRows * 80, [
                new ColumnProfile("customer_id", "bigint", custRows, 0, custRows, 1, custRows, null, false),
                new ColumnProfile("name", "character varying(255)", custRows, 0, custRows, null, null, 14, false),
                new ColumnProfile("country", "character varying(255)", custRows, 0, 6, null, null, 2, false),
                new ColumnProfile("segment", "character varying(255)", custRows, (long)(custRows * 0.01), 3, null, null, 10, false),
            ], false));
        }
        return history.ToJson();
    }
}
