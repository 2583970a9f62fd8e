using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using DuckDB.NET.Data;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.Proactive.Sources;

[Collection(ProactivePostgresCollection.Name)]
public sealed class TableConnectorTests(PostgresServer pg) : IDisposable
{
    // Hostile identifiers: quotes, spaces and a semicolon, in the table, watermark column and a data column.
    private const string Table = "or\"ders; DROP TABLE x";
    private const string WmColumn = "updated at\"";
    private const string Hostile = "note \"x\"; --";
    private static string Q(string n) => "\"" + n.Replace("\"", "\"\"") + "\"";

    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task ExecPg(string cs, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        await cmd.ExecuteNonQueryAsync(Ct);
    }

    private static long Count(StagingStore store, string sql)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    [Fact]
    public async Task Postgres_rows_are_staged_incrementally_by_the_watermark_column()
    {
        pg.SkipIfUnavailable();
        var cs = await pg.CreateDatabaseAsync("proactive");
        await ExecPg(cs, $"CREATE TABLE {Q(Table)} (id bigint, amount numeric(10,2), {Q(WmColumn)} timestamptz NOT NULL, {Q(Hostile)} text)");
        // 10 rows, one per minute from 2025-12-01 00:00 UTC.
        await ExecPg(cs, $"INSERT INTO {Q(Table)} SELECT g, g * 1.5, timestamptz '2025-12-01 00:00:00+00' + g * interval '1 minute', 'n' || g FROM generate_series(1, 10) g");
        var source = new PostgresTableConnector(cs, Table, WmColumn, name: "pg orders");
        using var store = StagingStore.Open(":memory:");

        var est = await source.EstimateNewAsync(null, Ct);
        Assert.Equal(10, est.Rows);
        Assert.True(est.Bytes > 0);
        var first = await store.StageAsync("p", source, null, Ct);
        Assert.Equal(StageStatus.Staged, first.Status);
        Assert.Equal(10, first.Rows);
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 0, 10, 0, TimeSpan.Zero), first.WatermarkAfter!.Timestamp);

        await ExecPg(cs, $"INSERT INTO {Q(Table)} SELECT g, g * 1.5, timestamptz '2025-12-01 00:00:00+00' + g * interval '1 minute', 'n' || g FROM generate_series(11, 15) g");
        Assert.Equal(5, (await source.EstimateNewAsync(first.WatermarkAfter, Ct)).Rows);
        var second = await store.StageAsync("p", source, null, Ct);
        Assert.Equal(5, second.Rows);
        var staged = Q(StagingStore.StagingTableName("p", "pg orders"));
        Assert.Equal(15, Count(store, $"SELECT count(*) FROM {staged}"));
        Assert.Equal(15, Count(store, $"SELECT count(DISTINCT id) FROM {staged}"));
        Assert.Equal(1, Count(store, $"SELECT count(*) FROM {staged} WHERE {Q(Hostile)} = 'n15' AND amount = 22.5"));
        Assert.Equal(StageStatus.NothingNew, (await store.StageAsync("p", source, null, Ct)).Status);
        Assert.True(source.MeasuredSpeed.Samples >= 2);
    }

    [Fact]
    public async Task Batches_by_max_rows_never_split_rows_sharing_a_watermark_value()
    {
        pg.SkipIfUnavailable();
        var cs = await pg.CreateDatabaseAsync("proactive");
        await ExecPg(cs, "CREATE TABLE t (id int, v int NOT NULL)");
        // v = 1,1,1,2,2,3 : a batch of 2 rows must take all three v=1 rows.
        await ExecPg(cs, "INSERT INTO t VALUES (1,1),(2,1),(3,1),(4,2),(5,2),(6,3)");
        var source = new PostgresTableConnector(cs, "t", "v");
        using var store = StagingStore.Open(":memory:");
        var o = new StageOptions { MaxRows = 2 };
        Assert.Equal(3, (await store.StageAsync("p", source, o, Ct)).Rows);
        Assert.Equal(2, (await store.StageAsync("p", source, o, Ct)).Rows);
        Assert.Equal(1, (await store.StageAsync("p", source, o, Ct)).Rows);
        Assert.Equal(StageStatus.NothingNew, (await store.StageAsync("p", source, o, Ct)).Status);
        Assert.Equal(3L, (await store.GetWatermarkAsync("p", "t", Ct))!.Integer);
    }

    [Fact]
    public async Task A_postgres_server_that_is_down_is_reported_after_the_retries()
    {
        // A port nobody listens on: connection refused, a transient failure.
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var source = new PostgresTableConnector($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=2", "t", "v");
        using var store = StagingStore.Open(":memory:");
        var outcome = await store.StageAsync("p", source, new StageOptions { Retry = new RetryPolicy(3, TimeSpan.FromMilliseconds(10), 2, TimeSpan.FromSeconds(1)) }, Ct);
        Assert.Equal(StageStatus.SourceUnavailable, outcome.Status);
        Assert.Equal(3, outcome.Attempts);
        Assert.NotNull(outcome.Error);
    }

    [Fact]
    public async Task DuckDb_table_is_staged_incrementally_from_a_database_file()
    {
        var path = _tmp["source.duckdb"];
        void Exec(string sql)
        {
            using var c = new DuckDBConnection($"Data Source={path}");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
        Exec($"CREATE TABLE {Q(Table)} (id BIGINT, {Q(WmColumn)} BIGINT, {Q(Hostile)} VARCHAR); INSERT INTO {Q(Table)} SELECT range, range, 'v' || range FROM range(1, 8)");
        var source = new DuckDbTableConnector(path, Table, WmColumn, "duck");
        using var store = StagingStore.Open(":memory:");
        var est = await source.EstimateNewAsync(null, Ct);
        Assert.Equal(7, est.Rows);
        var first = await store.StageAsync("p", source, null, Ct);
        Assert.True(first.Rows == 7, first.ToString());
        Exec($"INSERT INTO {Q(Table)} SELECT range, range, 'v' || range FROM range(8, 11)");
        var second = await store.StageAsync("p", source, null, Ct);
        Assert.Equal(3, second.Rows);
        Assert.Equal(10L, second.WatermarkAfter!.Integer);
        Assert.Equal(10, Count(store, $"SELECT count(DISTINCT id) FROM {Q(StagingStore.StagingTableName("p", "duck"))}"));
    }
}
