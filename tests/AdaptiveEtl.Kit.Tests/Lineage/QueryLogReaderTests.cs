using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>Access monitoring: query logs, pg_stat_statements and PostgreSQL CSV logs, and the sample log end to end.</summary>
[Collection(LineagePostgresCollection.Name)]
public sealed class QueryLogReaderTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aek-qlog-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Csv_log_keeps_multiline_quoted_sql_and_names_bad_values()
    {
        var path = Write("log.csv", "query_id,ts,user_name,application,duration_ms,rows_returned,query_text\n" +
                                    "1,2025-11-01T02:01:15Z,etl,airflow,12.5,3,\"SELECT a,\n  \"\"b\"\"\nFROM t\"\n" +
                                    "2,2025-11-01T03:00:00Z,alice,superset,1,,SELECT 1\n");
        var entries = QueryLogReader.ReadCsv(path);
        Assert.Equal(2, entries.Count);
        Assert.Equal("SELECT a,\n  \"b\"\nFROM t", entries[0].QueryText);
        Assert.Equal(new DateTimeOffset(2025, 11, 1, 2, 1, 15, TimeSpan.Zero), entries[0].Timestamp);
        Assert.Equal("etl", entries[0].User);
        Assert.Equal(12.5, entries[0].DurationMs);
        Assert.Null(entries[1].Rows);
        Assert.Equal(1, entries[1].Calls);

        var bad = Write("bad.csv", "ts,query_text\nyesterday,SELECT 1\n");
        var ex = Assert.Throws<KitDataException>(() => QueryLogReader.ReadCsv(bad));
        Assert.Contains("bad.csv", ex.Message);
        Assert.Contains("column 'ts'", ex.Message);
        Assert.Contains("row 0", ex.Message);
        var missing = Write("missing.csv", "ts,sql\n2025-11-01T00:00:00Z,SELECT 1\n");
        Assert.Contains("query_text", Assert.Throws<KitDataException>(() => QueryLogReader.ReadCsv(missing)).Message);
    }

    [Fact]
    public void Postgres_csvlog_statement_and_duration_lines_are_read_others_ignored()
    {
        // PostgreSQL 15 csvlog columns (runtime-config-logging, "Using CSV-Format Log Output"): log_time, user_name,
        // database_name, process_id, connection_from, session_id, session_line_num, command_tag, session_start_time,
        // virtual_transaction_id, transaction_id, error_severity, sql_state_code, message, detail, hint, internal_query,
        // internal_query_pos, context, query, query_pos, location, application_name, backend_type, leader_pid, query_id.
        var path = Write("postgresql.csv",
            "2025-11-03 10:00:00.123 UTC,\"alice\",\"dw\",4242,\"127.0.0.1:5555\",6543a.1,1,\"SELECT\",2025-11-03 09:59:00 UTC,3/7,0,LOG,00000,\"statement: SELECT amount\nFROM staging.orders\",,,,,,,,,\"psql\",\"client backend\",,0\n" +
            "2025-11-03 10:00:01.000 UTC,\"bob\",\"dw\",4243,\"127.0.0.1:5556\",6543b.1,2,\"SELECT\",2025-11-03 09:59:00 UTC,3/8,0,LOG,00000,\"duration: 12.345 ms  statement: SELECT status FROM staging.orders\",,,,,,,,,\"tableau\",\"client backend\",,0\n" +
            "2025-11-03 10:00:02.000 UTC,,,4000,,6543c.1,1,,2025-11-03 09:00:00 UTC,,0,LOG,00000,\"checkpoint starting: time\",,,,,,,,,\"\",\"checkpointer\",,0\n");
        var entries = QueryLogReader.ReadPostgresCsvLog(path);
        Assert.Equal(2, entries.Count);
        Assert.Equal("SELECT amount\nFROM staging.orders", entries[0].QueryText);
        Assert.Equal("alice", entries[0].User);
        Assert.Equal("psql", entries[0].Application);
        Assert.Equal(new DateTimeOffset(2025, 11, 3, 10, 0, 0, 123, TimeSpan.Zero), entries[0].Timestamp);
        Assert.Equal(12.345, entries[1].DurationMs);
        Assert.Equal("tableau", entries[1].Application);
    }

    [Fact]
    public void Pg_stat_statements_csv_export_counts_calls()
    {
        var path = Write("pgss.csv", "rolname,queryid,query,calls,total_exec_time,rows\nalice,42,SELECT amount FROM staging.orders WHERE status = $1,17,250.5,170\n");
        var at = new DateTimeOffset(2025, 11, 30, 0, 0, 0, TimeSpan.Zero);
        var e = Assert.Single(QueryLogReader.ReadPgStatStatementsCsv(path, at));
        Assert.Equal(17, e.Calls);
        Assert.Equal(250.5, e.DurationMs);
        Assert.Equal(at, e.Timestamp);
        using var parser = new SqlLineageParser(SqlLineageParserTests.Catalog());
        var graph = new LineageGraph();
        QueryLogCapture.Capture(new[] { e }, parser, graph);
        // One pg_stat_statements row stands for 17 executions: the column is read 17 times.
        Assert.Equal(17, graph.ColumnUsage().Single(u => u.Column.ToString() == "staging.orders.amount").Reads);
    }

    [Fact]
    public async Task Pg_stat_statements_is_read_from_a_live_server()
    {
        var cs = await server.CreateDatabaseAsync("pgss");
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        // The extension needs shared_preload_libraries, which the test server does not set; a table with the view's
        // columns (PostgreSQL 15 pg_stat_statements 1.10: userid oid, queryid bigint, query text, calls bigint,
        // total_exec_time double precision, rows bigint) exercises the same query and type handling.
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE pg_stat_statements (userid oid, queryid bigint, query text, calls bigint, total_exec_time double precision, rows bigint);" +
                              "INSERT INTO pg_stat_statements SELECT r.oid, 7, 'SELECT status FROM staging.orders', 5, 12.5, 50 FROM pg_roles r WHERE r.rolname = 'postgres'";
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var e = Assert.Single(await QueryLogReader.ReadPgStatStatementsAsync(conn, TestContext.Current.CancellationToken));
        Assert.Equal("postgres", e.User);
        Assert.Equal(5, e.Calls);
        Assert.Equal(12.5, e.DurationMs);
        Assert.Equal("7", e.QueryId);
        Assert.Equal("SELECT status FROM staging.orders", e.QueryText);
    }

    [Fact]
    public void Sample_query_log_captures_with_the_two_broken_statements_skipped()
    {
        var log = RepoPaths.Sample("query_log.csv");
        var catalogPath = RepoPaths.Sample("warehouse_catalog.json");
        if (!File.Exists(log) || !File.Exists(catalogPath)) Assert.Skip("data-samples/query_log.csv is not generated yet");
        var catalog = LineageCatalog.FromJsonFile(catalogPath);
        using var parser = new SqlLineageParser(catalog);
        var entries = QueryLogReader.ReadCsv(log);
        var graph = new LineageGraph();
        graph.AddCatalog(catalog, entries[0].Timestamp);
        var report = QueryLogCapture.Capture(entries, parser, graph);
        // data-samples/README.md: two statements are unparseable on purpose, both by user dave (2025-11-07 and 2025-11-21).
        Assert.Equal(2, report.Failures.Count);
        Assert.All(report.Failures, f => Assert.Equal("dave", entries[f.Index].User));
        Assert.Equal(new[] { "2025-11-07", "2025-11-21" }, report.Failures.Select(f => entries[f.Index].Timestamp.ToString("yyyy-MM-dd")));
        Assert.Equal(entries.Count - 2, report.Statements.Count);
        // README: raw.legacy_events, raw.products.name, raw.products.price and raw.customers.name are never read.
        var unused = graph.UnusedColumns(catalog).Select(c => c.ToString()).ToList();
        foreach (var c in new[] { "raw.legacy_events.event_id", "raw.products.name", "raw.products.price", "raw.customers.name" }) Assert.Contains(c, unused);
        Assert.Contains("raw.legacy_events", graph.UnusedTables(catalog));
        // The nightly INSERT: staging.orders.amount = amount - COALESCE(discount, 0) from raw.orders.
        Assert.Equal(new[] { "raw.orders.amount", "raw.orders.discount" }, graph.Provenance(ColumnRef.Parse("staging.orders.amount")).Select(c => c.ToString()));
    }
}
