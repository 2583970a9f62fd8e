using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>The same test bodies run against DuckDB (in memory and on file) and a real PostgreSQL 15.</summary>
public sealed class RunHistoryStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    internal const string Csv = """
        run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,ingestion_rate_rps,outcome
        1,orders_daily,2025-01-01T02:03:00Z,2025-01-01T02:04:00Z,2025-01-01T02:10:00Z,1000,64000,1,1,ab12,1.5,success
        2,"partner_feed",2025-01-01T05:00:00Z,2025-01-01T05:01:00Z,,20,900,2,1,cd34,0.25,failed
        3,orders_daily,2025-01-02T01:58:00Z,2025-01-02T01:59:00Z,2025-01-02T02:05:00Z,1100,70400,1,2,ef56,1.75,success
        """;

    public static TheoryData<string> Engines => ["duckdb-memory", "duckdb-file", "postgres"];

    private async Task<RunHistoryStore> OpenAsync(string engine)
    {
        switch (engine)
        {
            case "duckdb-memory": return RunHistoryStore.OpenDuckDb(":memory:");
            case "duckdb-file":
                var dir = Path.Combine(Path.GetTempPath(), "aek-history-" + Guid.NewGuid().ToString("N"));
                return RunHistoryStore.OpenDuckDb(Path.Combine(dir, "history.duckdb"));
            default:
                postgres.SkipIfUnavailable();
                return RunHistoryStore.OpenPostgres(await postgres.CreateDatabaseAsync("hist"));
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Csv_import_round_trips_runs_and_rates(string engine)
    {
        using var store = await OpenAsync(engine);
        var result = store.ImportCsv(new StringReader(Csv), "etl_runs.csv");
        Assert.Equal(3, result.Runs);
        Assert.Equal(3, result.IngestionRates);

        Assert.Equal(["orders_daily", "partner_feed"], store.Pipelines());
        var orders = store.GetRunRecords("orders_daily");
        Assert.Equal([1L, 3L], orders.Select(r => r.RunId));
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 1, 58, 0, TimeSpan.Zero), orders[1].TriggerTime);
        Assert.Equal(70400, orders[1].BytesIn);
        Assert.Equal(2, orders[1].SchemaVersion);
        var partner = store.GetRunRecords("partner_feed").Single();
        Assert.Null(partner.EndTime);
        Assert.Equal("failed", partner.Outcome);

        var rates = store.GetIngestionRates("orders_daily");
        Assert.Equal([1.5, 1.75], rates.Select(r => r.RowsPerSecond));

        var window = store.GetRuns(from: new DateTimeOffset(2025, 1, 1, 4, 0, 0, TimeSpan.Zero), to: new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, window.Rows.Count);
        Assert.Equal("partner_feed", window["pipeline"][0]);
        Assert.Equal(new DateTime(2025, 1, 1, 5, 0, 0), (DateTime)window["trigger_time"][0]!);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Bad_row_names_file_row_and_column_and_commits_nothing(string engine)
    {
        using var store = await OpenAsync(engine);
        var bad = Csv + "\n4,orders_daily,2025-01-03T02:00:00Z,,,12x,1,1,1,aa,1.0,success";
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader(bad), "bad.csv"));
        Assert.Equal("bad.csv", e.Location);
        Assert.Equal("rows_in", e.Column);
        Assert.Equal(3, e.Row);
        Assert.Empty(store.GetRunRecords());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Duplicate_within_an_import_is_rejected_and_reimport_upserts(string engine)
    {
        using var store = await OpenAsync(engine);
        store.ImportCsv(new StringReader(Csv), "first.csv");

        var dup = Csv + "\n3,orders_daily,2025-01-03T02:00:00Z,,,5,5,1,1,aa,1.0,success";
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader(dup), "dup.csv"));
        Assert.Equal("run_id", e.Column);
        Assert.Equal(3, e.Row);
        Assert.Contains("lines 4 and 5", e.Message); // as an editor numbers them: header = line 1
        Assert.Equal(1100, store.GetRunRecords("orders_daily")[1].RowsIn); // rolled back: first import intact

        // Re-importing a corrected run replaces the stored values (upsert).
        store.ImportCsv(new StringReader("run_id,pipeline,trigger_time,rows_in,bytes_in,file_count,schema_version,schema_hash,outcome\n3,orders_daily,2025-01-02T01:58:00Z,1234,1,1,2,ef56,failed"), "fix.csv");
        var fixedRun = store.GetRunRecords("orders_daily")[1];
        Assert.Equal(1234, fixedRun.RowsIn);
        Assert.Equal("failed", fixedRun.Outcome);
        Assert.Equal(3, store.GetRunRecords().Count);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task DataFrame_import_append_and_predictions(string engine)
    {
        using var store = await OpenAsync(engine);
        using (var source = RunHistoryStore.OpenDuckDb(":memory:"))
        {
            source.ImportCsv(new StringReader(Csv), "etl_runs.csv");
            DataFrame frame = source.GetRuns();
            Assert.Equal(3, store.ImportDataFrame(frame, "frame").Runs);
        }
        var t = new DateTimeOffset(2025, 1, 3, 2, 1, 0, TimeSpan.Zero);
        store.Append(new RunRecord("orders_daily", 10, t, t.AddMinutes(1), null, 5, 6, 1, 2, "ef56", "success"));
        store.AppendIngestionRate(new IngestionRateSample("orders_daily", t, 2.5));
        Assert.Equal(3, store.GetRunRecords("orders_daily").Count);
        Assert.Equal(2.5, store.GetIngestionRates("orders_daily", from: t).Single().RowsPerSecond);
        Assert.Throws<KitDataException>(() => store.Append(new RunRecord("orders_daily", 11, t, null, null, 5, 6, 1, 2, "x", "maybe")));

        var created = new DateTimeOffset(2025, 1, 3, 3, 0, 0, TimeSpan.Zero);
        store.SavePrediction(new StoredPrediction("p1", "orders_daily", created, "Prophet", "{\"type\":\"x\"}", "{\"median\":1}"));
        store.SavePrediction(new StoredPrediction("p2", "orders_daily", created.AddHours(1), "Prophet", "{}", "{}"));
        var saved = store.GetPredictions("orders_daily");
        Assert.Equal(["p2", "p1"], saved.Select(p => p.PredictionId));
        Assert.Equal("{\"median\":1}", saved[1].PredictionJson);
        Assert.Equal(created, saved[1].CreatedAt);
    }

    [Fact]
    public void Parquet_import_reads_through_duckdb()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aek-parquet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "runs.csv");
        File.WriteAllText(csv, Csv);
        var parquet = Path.Combine(dir, "runs.parquet");
        using (var duck = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            duck.Open();
            using var cmd = duck.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM read_csv('{csv}', header=true, types={{'trigger_time':'TIMESTAMP','start_time':'TIMESTAMP','end_time':'TIMESTAMP'}})) TO '{parquet}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        var result = store.ImportParquet(parquet);
        Assert.Equal(3, result.Runs);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 5, 0, 0, TimeSpan.Zero), store.GetRunRecords("partner_feed").Single().TriggerTime);
        Assert.Equal(0.25, store.GetIngestionRates("partner_feed").Single().RowsPerSecond);
        Assert.Throws<KitDataException>(() => store.ImportParquet(csv));
    }

    [Fact]
    public void Missing_column_is_named()
    {
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(new StringReader("run_id,pipeline\n1,a"), "x.csv"));
        Assert.Contains("trigger_time", e.Message);
        Assert.Equal("x.csv", e.Location);
    }
}
