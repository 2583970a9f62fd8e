using System.Globalization;
using System.Text;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using DuckDB.NET.Data;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>
/// Issue 19: a file is staged in batches (<see cref="RunHistoryStore.StageBatchRows"/> rows per DuckDB appender or
/// PostgreSQL binary COPY). Many small batches must give the same store as one batch, table by table and row by row,
/// including the re-import of a corrected file, the "later row wins" rule for two runs at one trigger time (the row
/// order runs across batches), and errors that name lines in different batches.
/// </summary>
public sealed class BatchedStagingTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private const string Header = "run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,ingestion_rate_rps,outcome";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-batched-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    public static TheoryData<string> Engines => ["duckdb", "postgres"];

    /// <summary>
    /// 40 runs over 3 pipelines: every 7th run has no rate, every 5th no start/end time, every 9th an offset timestamp;
    /// runs 12 and 13 (and 30 and 31) of one pipeline share a trigger time, so the later row's rate must win.
    /// <paramref name="corrected"/> shifts some trigger times, drops some rates and changes counts, as a corrected export.
    /// </summary>
    private string WriteFile(string name, bool corrected)
    {
        Directory.CreateDirectory(_dir);
        var text = new StringBuilder(Header).Append('\n');
        var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 1; i <= 40; i++)
        {
            var pipeline = "p" + (i % 3 == 0 ? 0 : 1 + i % 2);
            var trigger = t0.AddHours(i is 13 or 31 ? i - 1 : i);
            if (corrected && i % 4 == 0) trigger = trigger.AddMinutes(30);
            var pipelineOf = i is 13 or 31 ? "p" + ((i - 1) % 3 == 0 ? 0 : 1 + (i - 1) % 2) : pipeline;
            string Ts(DateTime t) => i % 9 == 0
                ? new DateTimeOffset(t).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)
                : t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var times = i % 5 == 0 ? $"{Ts(trigger)},," : $"{Ts(trigger)},{Ts(trigger.AddMinutes(1))},{Ts(trigger.AddMinutes(9))}";
            var rate = i % 7 == 0 || (corrected && i % 6 == 0) ? "" : (0.25 * i + (corrected ? 0.5 : 0)).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{i},{pipelineOf},{times},{1000 + i + (corrected ? 1 : 0)},{64000 + i},1,1,ab12,{rate},{(i % 11 == 0 ? "failed" : "success")}\n");
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private async Task<(Func<RunHistoryStore> Open, Func<System.Data.Common.DbConnection> Connect)> NewStoreAsync(string engine, string name)
    {
        if (engine == "duckdb")
        {
            Directory.CreateDirectory(_dir);
            var file = Path.Combine(_dir, name + ".duckdb");
            return (() => RunHistoryStore.OpenDuckDb(file), () => new DuckDBConnection($"Data Source={file}"));
        }
        postgres.SkipIfUnavailable();
        var cs = await postgres.CreateDatabaseAsync(name);
        return (() => RunHistoryStore.OpenPostgres(cs), () => new NpgsqlConnection(cs));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Batches_of_three_give_the_same_store_as_one_batch(string engine)
    {
        string a = WriteFile("a.csv", corrected: false), aFixed = WriteFile("a_fixed.csv", corrected: true);
        var batched = await NewStoreAsync(engine, "batched");
        var whole = await NewStoreAsync(engine, "whole");
        // A sample appended on its own at run 1's trigger time: the imported run's sample replaces it in both stores.
        var standalone = new IngestionRateSample("p2", new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero), 9.0);
        using (var store = batched.Open())
        {
            store.StageBatchRows = 3;
            store.AppendIngestionRate(standalone);
            Assert.Equal(40, store.ImportCsv(a).Runs);
        }
        using (var store = whole.Open())
        {
            Assert.True(store.StageBatchRows >= 40, "the reference store must stage the file in one batch");
            store.AppendIngestionRate(standalone);
            Assert.Equal(40, store.ImportCsv(a).Runs);
        }
        StoreTables.AssertSame(batched.Connect, whole.Connect);

        // Then the corrected file, batched, on top of the batched store: equal to a clean one-batch import of it.
        var clean = await NewStoreAsync(engine, "clean");
        ImportResult reimport;
        using (var store = batched.Open())
        {
            store.StageBatchRows = 3;
            reimport = store.ImportCsv(aFixed);
        }
        ImportResult cleanImport;
        using (var store = clean.Open())
        {
            store.AppendIngestionRate(standalone);
            cleanImport = store.ImportCsv(aFixed);
        }
        StoreTables.AssertSame(batched.Connect, clean.Connect);
        Assert.Equal(cleanImport.Runs, reimport.Runs);
        Assert.Equal(cleanImport.IngestionRates, reimport.IngestionRates);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Of_two_runs_at_one_trigger_time_in_different_batches_the_later_row_wins(string engine)
    {
        var path = WriteFile("a.csv", corrected: false);
        var target = await NewStoreAsync(engine, "later");
        using var store = target.Open();
        store.StageBatchRows = 3; // rows 12 and 13 (lines 13 and 14) are in batches 4 and 5
        store.ImportCsv(path);
        // Runs 12 and 13 of pipeline p0 (12 % 3 == 0) both trigger at hour 12; run 13's rate 0.25 * 13 = 3.25 is the later row.
        var at = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(3.25, Assert.Single(store.GetIngestionRates("p0"), r => r.Timestamp == at).RowsPerSecond);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_duplicate_run_in_another_batch_is_reported_with_both_lines(string engine)
    {
        var lines = File.ReadAllLines(WriteFile("a.csv", corrected: false)).ToList();
        // Line 17 repeats run 2 (line 3) of the same pipeline: five batches of three apart.
        lines[16] = lines[2].Replace("1002,", "7,", StringComparison.Ordinal);
        var path = Path.Combine(_dir, "dup.csv");
        File.WriteAllLines(path, lines);
        var target = await NewStoreAsync(engine, "dup");
        using var store = target.Open();
        store.StageBatchRows = 3;
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(path));
        Assert.Contains("lines 3 and 17", e.Message, StringComparison.Ordinal);
        Assert.Equal(17, e.Line);
        Assert.Equal("run_id", e.Column);
        Assert.Empty(store.GetRunRecords());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_bad_row_in_a_late_batch_imports_nothing_and_names_its_line_and_column(string engine)
    {
        var lines = File.ReadAllLines(WriteFile("a.csv", corrected: false)).ToList();
        lines[34] = lines[34].Replace(",1,1,ab12,", ",1,x,ab12,", StringComparison.Ordinal); // schema_version on line 35
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllLines(path, lines);
        var target = await NewStoreAsync(engine, "bad");
        using var store = target.Open();
        store.StageBatchRows = 3;
        var e = Assert.Throws<KitDataException>(() => store.ImportCsv(path));
        Assert.Equal(35, e.Line);
        Assert.Equal("schema_version", e.Column);
        Assert.Empty(store.GetRunRecords());
        Assert.Empty(store.GetIngestionRates());
    }
}
