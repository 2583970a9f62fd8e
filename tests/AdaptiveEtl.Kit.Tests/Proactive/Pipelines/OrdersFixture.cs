using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Proactive.Pipelines;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.Proactive.Pipelines;

/// <summary>
/// The sample landing zone's orders (data-samples/landing, files before the 2025-12-09 schema change) split into rows
/// "staged before the trigger" and a "late delta", and a realistic orders pipeline over them.
/// </summary>
internal static class OrdersFixture
{
    /// <summary>The orders files with the first schema (order_id, customer_id, order_ts, amount, status).</summary>
    public static IReadOnlyList<string> Files { get; } = Enumerable.Range(1, 8).Select(d => RepoPaths.Sample($"landing/orders_2025-12-0{d}.csv")).ToList();

    public static DuckDBConnection Open()
    {
        var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        return c;
    }

    public static void Execute(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public static long Scalar(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Loads the given files into <paramref name="table"/> with an explicit schema (so every part has the same column
    /// types), plus the file name, as a landing-zone stager would.
    /// </summary>
    public static void Load(DuckDBConnection c, string table, IEnumerable<string> files, string? where = null)
    {
        Execute(c, $"CREATE TABLE {SqlIdentifier.Quote(table)} (order_id BIGINT, customer_id BIGINT, order_ts TIMESTAMP, amount DECIMAL(12,2), status VARCHAR, source_file VARCHAR)");
        var list = files.ToList();
        if (list.Count == 0) return;
        var paths = "[" + string.Join(", ", list.Select(SqlIdentifier.Literal)) + "]";
        Execute(c, $"INSERT INTO {SqlIdentifier.Quote(table)} SELECT order_id, customer_id, order_ts, amount, status, parse_filename(filename) " +
                   $"FROM read_csv({paths}, header = true, filename = true, columns = {{'order_id': 'BIGINT', 'customer_id': 'BIGINT', 'order_ts': 'TIMESTAMP', 'amount': 'DECIMAL(12,2)', 'status': 'VARCHAR'}})" +
                   (where is null ? "" : " WHERE " + where));
    }

    /// <summary>
    /// A realistic orders pipeline: clean (row-wise: normalise status, drop non-positive amounts), a C# step that adds a
    /// size band (row-wise), de-duplication by order id keeping the latest (holistic window), daily revenue per status
    /// (holistic aggregate) and per-customer totals joined back onto the cleaned rows (row-wise with a holistic lookup).
    /// </summary>
    public static PipelineDefinition Pipeline() => PipelineDefinition.Create("orders")
        .Source("orders_raw")
        .Sql("clean", inputs: ["orders_raw"], output: "orders_clean", mode: StepMode.RowWise, sql: """
            SELECT order_id, customer_id, order_ts, amount, lower(trim(status)) AS status, source_file
            FROM {orders_raw} WHERE amount > 0 AND order_id IS NOT NULL
            """)
        .Step("band", input: "orders_clean", output: "orders_banded",
            columns: [new("order_id", "BIGINT"), new("customer_id", "BIGINT"), new("order_ts", "TIMESTAMP"), new("amount", "DECIMAL(12,2)"), new("status", "VARCHAR"), new("band", "VARCHAR")],
            transform: batch => batch.Rows.Select(r =>
            {
                var amount = Convert.ToDecimal(r[batch.Ordinal("amount")], System.Globalization.CultureInfo.InvariantCulture);
                return new object?[] { r[batch.Ordinal("order_id")], r[batch.Ordinal("customer_id")], r[batch.Ordinal("order_ts")], amount, r[batch.Ordinal("status")],
                    amount >= 200m ? "large" : amount >= 50m ? "medium" : "small" };
            }), mode: StepMode.RowWise, version: "1")
        .Sql("dedup", inputs: ["orders_banded"], output: "orders_unique", sql: """
            SELECT * EXCLUDE (rn) FROM (
              SELECT *, row_number() OVER (PARTITION BY order_id ORDER BY order_ts DESC, status, amount DESC) AS rn FROM {orders_banded})
            WHERE rn = 1
            """)
        .Sql("daily", inputs: ["orders_unique"], output: "revenue_daily", sql: """
            SELECT CAST(order_ts AS DATE) AS day, status, count(*) AS orders, sum(amount) AS revenue
            FROM {orders_unique} GROUP BY ALL
            """)
        .Sql("customers", inputs: ["orders_unique"], output: "customer_totals", sql: """
            SELECT customer_id, count(*) AS orders, sum(amount) AS total FROM {orders_unique} GROUP BY customer_id
            """)
        .Sql("share", inputs: ["orders_clean", "customer_totals"], output: "orders_share", mode: StepMode.RowWise, sql: """
            SELECT o.order_id, o.customer_id, o.amount, o.amount / t.total AS share_of_customer
            FROM {orders_clean} o JOIN {customer_totals} t USING (customer_id)
            """);
}
