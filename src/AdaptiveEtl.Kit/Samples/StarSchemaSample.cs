using System.Globalization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Lineage;
using DuckDB.NET.Data;
using Npgsql;
using NpgsqlTypes;

namespace AdaptiveEtl.Kit.Samples;

/// <summary>
/// A small seeded star schema for shadow tests and benchmarks: <c>fact_sales</c> (growing over 2025, skewed towards
/// store 1 and US customers), <c>fact_returns</c>, <c>dim_customer</c>, <c>dim_product</c>, <c>dim_store</c> and
/// <c>dim_date</c>, plus the ETL's <c>staging.sales</c> source and its <c>agg_daily_sales</c> aggregate as catalog entries
/// (the workload sample reads and writes them). The same seed and size give the same rows in DuckDB and PostgreSQL.
/// String columns are declared <c>VARCHAR(255)</c> (room to narrow), <c>line_seq</c> is an <c>INTEGER</c> counter close to
/// 2³¹ (room to widen).
/// </summary>
public static class StarSchemaSample
{
    /// <summary>The default seed.</summary>
    public const int DefaultSeed = 20250301;

    /// <summary>First value of <c>fact_sales.line_seq</c> (an upstream system's line counter that will overflow INTEGER).</summary>
    public const long LineSeqStart = 2_000_000_000;

    private sealed record Col(string Name, string DuckType, string PgType, NpgsqlDbType PgDbType);

    private static readonly (string Table, Col[] Columns)[] Tables =
    [
        ("dim_date", [new("date_key", "INTEGER", "integer", NpgsqlDbType.Integer), new("date", "DATE", "date", NpgsqlDbType.Date), new("year", "INTEGER", "integer", NpgsqlDbType.Integer),
            new("month", "INTEGER", "integer", NpgsqlDbType.Integer), new("day_of_week", "INTEGER", "integer", NpgsqlDbType.Integer)]),
        ("dim_store", [new("store_id", "INTEGER", "integer", NpgsqlDbType.Integer), new("city", "VARCHAR(255)", "varchar(255)", NpgsqlDbType.Varchar), new("region", "VARCHAR(255)", "varchar(255)", NpgsqlDbType.Varchar)]),
        ("dim_product", [new("product_id", "BIGINT", "bigint", NpgsqlDbType.Bigint), new("name", "VARCHAR(255)", "varchar(255)", NpgsqlDbType.Varchar), new("category", "VARCHAR(255)", "varchar(255)", NpgsqlDbType.Varchar),
            new("price", "DOUBLE", "double precision", NpgsqlDbType.Double)]),
        ("dim_customer", [new("customer_id", "BIGINT", "bigint", NpgsqlDbType.Bigint), new("name", "VARCHAR(255)", "varchar(255)", NpgsqlDbType.Varchar), new("country", "VARCHAR(255)", "varchar(255)", NpgsqlDbType.Varchar),
            new("segment", "VARCHAR(255)", "varchar(255)", NpgsqlDbType.Varchar), new("signup_date", "DATE", "date", NpgsqlDbType.Date)]),
        ("fact_sales", [new("sale_id", "BIGINT", "bigint", NpgsqlDbType.Bigint), new("date_key", "INTEGER", "integer", NpgsqlDbType.Integer), new("sold_at", "TIMESTAMP", "timestamp", NpgsqlDbType.Timestamp),
            new("customer_id", "BIGINT", "bigint", NpgsqlDbType.Bigint), new("product_id", "BIGINT", "bigint", NpgsqlDbType.Bigint), new("store_id", "INTEGER", "integer", NpgsqlDbType.Integer),
            new("quantity", "INTEGER", "integer", NpgsqlDbType.Integer), new("amount", "DOUBLE", "double precision", NpgsqlDbType.Double), new("status", "VARCHAR(255)", "varchar(255)", NpgsqlDbType.Varchar),
            new("line_seq", "INTEGER", "integer", NpgsqlDbType.Integer)]),
        ("fact_returns", [new("return_id", "BIGINT", "bigint", NpgsqlDbType.Bigint), new("sale_id", "BIGINT", "bigint", NpgsqlDbType.Bigint), new("returned_at", "TIMESTAMP", "timestamp", NpgsqlDbType.Timestamp),
            new("reason", "VARCHAR(255)", "varchar(255)", NpgsqlDbType.Varchar)]),
    ];

    /// <summary>The tables <see cref="CreateDuckDbAsync"/> and <see cref="CreatePostgresAsync"/> create, in creation order.</summary>
    public static IReadOnlyList<string> TableNames => Tables.Select(t => t.Table).ToList();

    internal static readonly string[] Countries = ["US", "DE", "FR", "GB", "IN", "BR"];
    internal static readonly double[] CountryWeights = [0.45, 0.15, 0.12, 0.1, 0.1, 0.08];
    internal static readonly string[] Regions = ["north", "south", "east", "west"];
    internal static readonly string[] Categories = ["books", "games", "garden", "kitchen", "music", "sports", "toys", "tools"];
    internal static readonly string[] Segments = ["consumer", "smb", "enterprise"];
    internal static readonly string[] Reasons = ["damaged", "late", "wrong item", "changed mind"];
    internal const int Stores = 20;
    internal static readonly DateOnly FirstDay = new(2025, 1, 1), LastDay = new(2025, 12, 31);

    /// <summary>Row counts of each table for <paramref name="salesRows"/> sales.</summary>
    public static IReadOnlyDictionary<string, long> RowCounts(int salesRows) => new Dictionary<string, long>
    {
        ["dim_date"] = LastDay.DayNumber - FirstDay.DayNumber + 1, ["dim_store"] = Stores, ["dim_product"] = Products(salesRows),
        ["dim_customer"] = Customers(salesRows), ["fact_sales"] = salesRows, ["fact_returns"] = salesRows / 20,
    };

    private static int Customers(int sales) => Math.Max(100, sales / 20);
    private static int Products(int sales) => Math.Max(50, sales / 200);

    /// <summary>
    /// The lineage catalog of the schema (tables as <c>schema.table</c>), including <c>staging.sales</c> and
    /// <c>&lt;schema&gt;.agg_daily_sales</c> that the workload sample's ETL reads and writes.
    /// </summary>
    public static LineageCatalog Catalog(string schema = "star")
    {
        var catalog = new LineageCatalog();
        foreach (var (table, cols) in Tables) catalog.Add(schema + "." + table, cols.Select(c => c.Name));
        catalog.Add("staging.sales", Tables.Single(t => t.Table == "fact_sales").Columns.Select(c => c.Name));
        catalog.Add(schema + ".agg_daily_sales", ["date_key", "region", "category", "revenue", "sales"]);
        return catalog;
    }

    /// <summary>Creates schema <paramref name="schema"/> with the six tables in DuckDB and loads <paramref name="salesRows"/> seeded sales (Appender).</summary>
    public static async Task CreateDuckDbAsync(DuckDBConnection connection, string schema = "star", int salesRows = 100_000, int seed = DefaultSeed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(salesRows, 1);
        await ExecAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {SqlIdentifier.Quote(schema)}", cancellationToken);
        foreach (var (table, cols) in Tables)
        {
            await ExecAsync(connection, $"CREATE TABLE {SqlIdentifier.Quote(schema, table)} ({string.Join(", ", cols.Select(c => SqlIdentifier.Quote(c.Name) + " " + c.DuckType))})", cancellationToken);
            using var appender = connection.CreateAppender(schema, table);
            foreach (var values in Rows(table, salesRows, seed))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var row = appender.CreateRow();
                foreach (var v in values)
                    switch (v)
                    {
                        case null: row.AppendNullValue(); break;
                        case int i: row.AppendValue(i); break;
                        case long l: row.AppendValue(l); break;
                        case double d: row.AppendValue(d); break;
                        case string s: row.AppendValue(s); break;
                        case DateOnly d: row.AppendValue(d.ToDateTime(TimeOnly.MinValue)); break;
                        case DateTime t: row.AppendValue(t); break;
                        default: throw new InvalidOperationException($"unexpected sample value type {v.GetType().Name}");
                    }
                row.EndRow();
            }
        }
    }

    /// <summary>Creates schema <paramref name="schema"/> with the six tables in PostgreSQL, loads the same rows as DuckDB (binary COPY) and analyses them.</summary>
    public static async Task CreatePostgresAsync(NpgsqlConnection connection, string schema = "star", int salesRows = 100_000, int seed = DefaultSeed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(salesRows, 1);
        await ExecAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {SqlIdentifier.Quote(schema)}", cancellationToken);
        foreach (var (table, cols) in Tables)
        {
            var name = SqlIdentifier.Quote(schema, table);
            await ExecAsync(connection, $"CREATE TABLE {name} ({string.Join(", ", cols.Select(c => SqlIdentifier.Quote(c.Name) + " " + c.PgType))})", cancellationToken);
            await using (var copy = await connection.BeginBinaryImportAsync($"COPY {name} ({string.Join(", ", cols.Select(c => SqlIdentifier.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                foreach (var values in Rows(table, salesRows, seed))
                {
                    await copy.StartRowAsync(cancellationToken);
                    for (int i = 0; i < values.Length; i++)
                        if (values[i] is null) await copy.WriteNullAsync(cancellationToken);
                        else await copy.WriteAsync(values[i], cols[i].PgDbType, cancellationToken);
                }
                await copy.CompleteAsync(cancellationToken);
            }
            await ExecAsync(connection, $"ANALYZE {name}", cancellationToken);
        }
    }

    private static async Task ExecAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The rows of one table (deterministic for a seed and size).</summary>
    internal static IEnumerable<object?[]> Rows(string table, int salesRows, int seed)
    {
        int customers = Customers(salesRows), products = Products(salesRows);
        switch (table)
        {
            case "dim_date":
                for (var d = FirstDay; d <= LastDay; d = d.AddDays(1))
                    yield return [DateKey(d), d, d.Year, d.Month, ((int)d.DayOfWeek + 6) % 7 + 1];
                break;
            case "dim_store":
            {
                var rng = new SampleRandom(seed + 1);
                for (int s = 1; s <= Stores; s++) yield return [s, "City " + s.ToString("00", CultureInfo.InvariantCulture), Regions[rng.Int(0, Regions.Length)]];
                break;
            }
            case "dim_product":
            {
                var rng = new SampleRandom(seed + 2);
                for (long p = 1; p <= products; p++)
                    yield return [p, "Product " + p.ToString(CultureInfo.InvariantCulture), Categories[rng.Int(0, Categories.Length)], Math.Round(rng.LogNormal(3, 0.8), 2)];
                break;
            }
            case "dim_customer":
            {
                var rng = new SampleRandom(seed + 3);
                for (long c = 1; c <= customers; c++)
                    yield return [c, "Customer " + c.ToString(CultureInfo.InvariantCulture), Countries[rng.Categorical(CountryWeights)], Segments[rng.Categorical([0.7, 0.22, 0.08])],
                        FirstDay.AddDays(-rng.Int(0, 1500))];
                break;
            }
            case "fact_sales":
            {
                var rng = new SampleRandom(seed + 4);
                var storeWeights = Enumerable.Range(1, Stores).Select(s => s == 1 ? 6.0 : 1.0).ToArray(); // store 1 sells as much as six others: a skewed join key
                int days = LastDay.DayNumber - FirstDay.DayNumber + 1;
                // Sales times have density growing linearly over the year (inverse CDF of f(t) ∝ 1 + 2t): the table grows faster over time.
                var times = new double[salesRows];
                for (int i = 0; i < salesRows; i++) { double u = rng.Uniform(); times[i] = (-1 + Math.Sqrt(1 + 8 * u)) / 2; }
                Array.Sort(times);
                for (int i = 0; i < salesRows; i++)
                {
                    var at = FirstDay.ToDateTime(TimeOnly.MinValue).AddSeconds(Math.Floor(times[i] * days * 86_400 - 1e-9));
                    int store = rng.Categorical(storeWeights) + 1;
                    long customer = 1 + (long)Math.Floor(Math.Pow(rng.Uniform(), 1.6) * customers);
                    yield return [(long)(i + 1), DateKey(DateOnly.FromDateTime(at)), at, customer, (long)rng.Int(1, products + 1), store, 1 + rng.Poisson(1.2),
                        Math.Round(rng.LogNormal(3.5, 0.7), 2), rng.Chance(0.9) ? "completed" : rng.Chance(0.6) ? "refunded" : "pending", (int)(LineSeqStart + i)];
                }
                break;
            }
            case "fact_returns":
            {
                var rng = new SampleRandom(seed + 5);
                for (long r = 1; r <= salesRows / 20; r++)
                {
                    long sale = rng.Int(1, salesRows + 1);
                    var at = FirstDay.ToDateTime(TimeOnly.MinValue).AddDays(rng.Uniform(0, LastDay.DayNumber - FirstDay.DayNumber + 1)).AddSeconds(-rng.Int(0, 60));
                    yield return [r, sale, new DateTime(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond), Reasons[rng.Int(0, Reasons.Length)]];
                }
                break;
            }
            default:
                throw new ArgumentException($"unknown star schema table '{table}'", nameof(table));
        }
    }

    internal static int DateKey(DateOnly d) => d.Year * 10_000 + d.Month * 100 + d.Day;
}
