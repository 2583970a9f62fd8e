using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>
/// Issue 19, import at scale: a file is now streamed into the staging table as it is read. A bad row far into the file
/// (after thousands of rows were already staged) must still import nothing and name its exact line and column.
/// </summary>
public sealed class StreamingImportTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private const string Header = "run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,ingestion_rate_rps,outcome";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-stream-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    public static TheoryData<string> Engines => ["duckdb", "postgres"];

    private async Task<RunHistoryStore> OpenAsync(string engine)
    {
        if (engine == "duckdb") return RunHistoryStore.OpenDuckDb(":memory:");
        postgres.SkipIfUnavailable();
        return RunHistoryStore.OpenPostgres(await postgres.CreateDatabaseAsync("stream"));
    }

    private string WriteRuns(int goodRows, string? lastRow)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "runs.csv");
        using var w = new StreamWriter(path);
        w.WriteLine(Header);
        var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 1; i <= goodRows; i++)
            w.WriteLine($"{i},p,{t0.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},,,1,1,1,1,ab12,0.5,success");
        if (lastRow is not null) w.WriteLine(lastRow);
        return path;
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_bad_row_after_five_thousand_staged_rows_imports_nothing_and_names_its_line(string engine)
    {
        // Header = line 1, good rows on lines 2..5001, the bad row on line 5002.
        var path = WriteRuns(5000, "5001,p,2025-02-01T00:00:00Z,,,1,1,1,1,ab12,-3,success");
        using var store = await OpenAsync(engine);
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(path));
        Assert.Equal(5002, e.Line);
        Assert.Equal("ingestion_rate_rps", e.Column);
        Assert.Empty(store.GetRunRecords());
        Assert.Empty(store.GetIngestionRates());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_large_file_imports_every_run_and_sample(string engine)
    {
        var path = WriteRuns(5000, null);
        using var store = await OpenAsync(engine);
        var result = store.ImportCsv(path);
        Assert.Equal(5000, result.Runs);
        Assert.Equal(5000, result.IngestionRates);
        Assert.Equal(5000, store.GetRunRecords().Count);
        Assert.Equal(new DateTimeOffset(2025, 1, 4, 11, 20, 0, TimeSpan.Zero), store.GetRunRecords()[^1].TriggerTime); // 5000 min = 3 d 11 h 20 min
    }
}
