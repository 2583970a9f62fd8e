using AdaptiveEtl.Kit.History;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>
/// Issue 19: on DuckDB a first import into an empty table rebuilds the table (same columns, no key), loads it and then adds
/// its primary key, as DuckDB builds the index faster in one pass. The committed store must have exactly the columns and
/// constraints of a freshly created one, and its keys must still be enforced and upserted on.
/// </summary>
public sealed class FirstImportSchemaTests : IDisposable
{
    private const string Csv = """
        run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,ingestion_rate_rps,outcome
        1,orders_daily,2025-01-01T02:03:00Z,2025-01-01T02:04:00Z,2025-01-01T02:10:00Z,1000,64000,1,1,ab12,1.5,success
        2,orders_daily,2025-01-02T02:00:00Z,,,1100,70400,1,1,ab12,,failed
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-firstimport-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    private static List<string> Schema(string file)
    {
        using var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        // Columns (order, type, nullability, default) and constraints of the store's tables.
        cmd.CommandText = "SELECT table_name || ' col ' || column_index || ' ' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') FROM duckdb_columns() WHERE schema_name = 'main' " +
                          "UNION ALL SELECT table_name || ' constraint ' || constraint_type || ' ' || constraint_text FROM duckdb_constraints() WHERE schema_name = 'main' " +
                          "UNION ALL SELECT table_name || ' index ' || coalesce(sql, '') FROM duckdb_indexes() WHERE schema_name = 'main' ORDER BY 1";
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    [Fact]
    public void A_first_import_leaves_the_schema_of_a_fresh_store_and_its_keys_enforced()
    {
        Directory.CreateDirectory(_dir);
        string fresh = Path.Combine(_dir, "fresh.duckdb"), imported = Path.Combine(_dir, "imported.duckdb");
        using (RunHistoryStore.OpenDuckDb(fresh)) { }
        using (var store = RunHistoryStore.OpenDuckDb(imported)) store.ImportCsv(new StringReader(Csv), "runs.csv");

        var expected = Schema(fresh);
        Assert.Contains(expected, line => line.StartsWith("etl_runs constraint PRIMARY KEY", StringComparison.Ordinal));
        Assert.Contains(expected, line => line.StartsWith("ingestion_rates constraint PRIMARY KEY", StringComparison.Ordinal));
        Assert.Equal(expected, Schema(imported));

        using (var reopened = RunHistoryStore.OpenDuckDb(imported))
        {
            // The rates key is what a sample appended on its own upserts on (ON CONFLICT needs it).
            var at = new DateTimeOffset(2025, 1, 1, 2, 3, 0, TimeSpan.Zero);
            reopened.AppendIngestionRate(new IngestionRateSample("orders_daily", at, 7.0));
            Assert.Equal(7.0, Assert.Single(reopened.GetIngestionRates()).RowsPerSecond);
        }
        // The runs key rejects a second row with a stored (pipeline, run_id).
        using var connection = new DuckDBConnection($"Data Source={imported}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT INTO etl_runs SELECT * FROM etl_runs WHERE run_id = 1";
        Assert.Throws<DuckDBException>(() => cmd.ExecuteNonQuery());
    }
}
