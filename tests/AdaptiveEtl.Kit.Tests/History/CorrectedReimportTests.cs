using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using DuckDB.NET.Data;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>
/// Issue 19: re-importing a corrected file left the ingestion-rate samples of the first file behind (a sample at a run's
/// old trigger time, a sample the correction removed). An import of A then A' must leave the store equal, table by table
/// and row by row, to a fresh store that imported only A'.
/// </summary>
public sealed class CorrectedReimportTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private const string Header = "run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,ingestion_rate_rps,outcome";

    // File A as first delivered.
    private const string FileA = Header + """

        1,orders_daily,2025-01-01T02:03:00Z,2025-01-01T02:04:00Z,2025-01-01T02:10:00Z,1000,64000,1,1,ab12,1.5,success
        2,orders_daily,2025-01-02T02:00:00Z,2025-01-02T02:01:00Z,2025-01-02T02:09:00Z,1100,70400,1,1,ab12,1.75,success
        3,partner_feed,2025-01-01T05:00:00Z,2025-01-01T05:01:00Z,,20,900,2,1,cd34,0.25,failed
        """;

    // A' corrects A: run 1's trigger time was wrong (its sample moves), run 2 had no rate measured (its sample goes),
    // run 3's rate and counts change. Same run ids.
    private const string FileACorrected = Header + """

        1,orders_daily,2025-01-01T03:03:00Z,2025-01-01T03:04:00Z,2025-01-01T03:10:00Z,1001,64001,1,1,ab12,1.6,success
        2,orders_daily,2025-01-02T02:00:00Z,2025-01-02T02:01:00Z,2025-01-02T02:09:00Z,1100,70400,1,1,ab12,,success
        3,partner_feed,2025-01-01T05:00:00Z,2025-01-01T05:01:00Z,2025-01-01T05:07:00Z,25,950,2,1,cd34,0.5,success
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-reimport-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    private string Write(string name, string text)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void DuckDb_reimport_of_a_corrected_file_equals_a_clean_import_of_it()
    {
        string a = Write("a.csv", FileA), aFixed = Write("a_fixed.csv", FileACorrected);
        string reimported = Path.Combine(_dir, "reimported.duckdb"), clean = Path.Combine(_dir, "clean.duckdb");
        using (var store = RunHistoryStore.OpenDuckDb(reimported)) { store.ImportCsv(a); store.ImportCsv(aFixed); }
        using (var store = RunHistoryStore.OpenDuckDb(clean)) store.ImportCsv(aFixed);

        StoreTables.AssertSame(() => new DuckDBConnection($"Data Source={reimported}"), () => new DuckDBConnection($"Data Source={clean}"));
    }

    [Fact]
    public async Task Postgres_reimport_of_a_corrected_file_equals_a_clean_import_of_it()
    {
        postgres.SkipIfUnavailable();
        string a = Write("a.csv", FileA), aFixed = Write("a_fixed.csv", FileACorrected);
        string reimported = await postgres.CreateDatabaseAsync("reimp"), clean = await postgres.CreateDatabaseAsync("clean");
        using (var store = RunHistoryStore.OpenPostgres(reimported)) { store.ImportCsv(a); store.ImportCsv(aFixed); }
        using (var store = RunHistoryStore.OpenPostgres(clean)) store.ImportCsv(aFixed);

        StoreTables.AssertSame(() => new NpgsqlConnection(reimported), () => new NpgsqlConnection(clean));
    }

    [Fact]
    public void A_sample_appended_on_its_own_survives_a_reimport_of_runs()
    {
        // Only samples that came with an imported run are replaced by re-importing it; a measurement appended separately
        // at another time is not the run's and stays.
        using var store = RunHistoryStore.OpenDuckDb(":memory:");
        var separate = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        store.ImportCsv(new StringReader(FileA), "a.csv");
        store.AppendIngestionRate(new IngestionRateSample("orders_daily", separate, 9.0));
        store.ImportCsv(new StringReader(FileACorrected), "a_fixed.csv");

        var rates = store.GetIngestionRates("orders_daily");
        // Expected, read off FileACorrected by hand: run 1's sample at 03:03 (1.6), none for run 2, plus the appended one.
        Assert.Equal([(new DateTimeOffset(2025, 1, 1, 3, 3, 0, TimeSpan.Zero), 1.6), (separate, 9.0)],
            rates.Select(r => (r.Timestamp, r.RowsPerSecond)));
    }
}
