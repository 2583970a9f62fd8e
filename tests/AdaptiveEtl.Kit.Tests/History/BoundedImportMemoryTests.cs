using System.Globalization;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>
/// Issue 19: 2 million runs took 3.7 GB because the import held every row. The import must hold one batch at most: a
/// file ten batches long is imported while a probe keeps weak references to the records of its first batch; when the
/// import has read into the last batch, a full garbage collection must find none of them alive. This tests structure
/// (what is still referenced), not timing; a control shows the probe does see rows a consumer holds.
/// </summary>
public sealed class BoundedImportMemoryTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private const int Batch = 100, Rows = 10 * Batch;
    private const string Header = "run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,ingestion_rate_rps,outcome";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aek-bounded-" + Guid.NewGuid().ToString("N"));

    public void Dispose() { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }

    public static TheoryData<string> Engines => ["duckdb", "postgres"];

    private string WriteRuns()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "runs.csv");
        using var w = new StreamWriter(path);
        w.WriteLine(Header);
        var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 1; i <= Rows; i++)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},p{i % 4},{t0.AddMinutes(i):yyyy-MM-ddTHH:mm:ssZ},,,{i},{i * 10},1,1,ab12,{i % 9 * 0.5},success"));
        return path;
    }

    /// <summary>Passes rows through, keeping weak references to the first <see cref="Batch"/> records; at row <c>checkAt</c> it collects and counts the live ones.</summary>
    private sealed class RetentionProbe(int checkAt)
    {
        private readonly List<WeakReference> _first = [];

        /// <summary>Live records of the first batch at the check, or null before it.</summary>
        public int? AliveAtCheck { get; private set; }

        public IEnumerable<RunCsvReader.ParsedRow> Watch(IEnumerable<RunCsvReader.ParsedRow> rows)
        {
            int i = 0;
            foreach (var row in rows)
            {
                if (i < Batch) _first.Add(new WeakReference(row.Run));
                if (i == checkAt)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    AliveAtCheck = _first.Count(r => r.IsAlive);
                }
                yield return row;
                i++;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_import_ten_batches_long_holds_no_record_of_its_first_batch_when_it_reaches_the_last(string engine)
    {
        var path = WriteRuns();
        RunHistoryStore store;
        if (engine == "duckdb") store = RunHistoryStore.OpenDuckDb(":memory:");
        else
        {
            postgres.SkipIfUnavailable();
            store = RunHistoryStore.OpenPostgres(await postgres.CreateDatabaseAsync("bounded"));
        }
        using (store)
        {
            store.StageBatchRows = Batch;
            var probe = new RetentionProbe(checkAt: 9 * Batch + Batch / 2);
            // The rows ImportCsv(path) streams, with the probe in between.
            var result = store.ImportRows(() => probe.Watch(RunCsvReader.StreamFile(path)), path);
            Assert.Equal(0, probe.AliveAtCheck);
            Assert.Equal(Rows, result.Runs);
            Assert.Equal(Rows, store.GetRunRecords().Count);
        }
    }

    [Fact]
    public void Control_the_probe_sees_the_first_batch_alive_while_a_consumer_holds_every_row()
    {
        var probe = new RetentionProbe(checkAt: 9 * Batch + Batch / 2);
        var held = probe.Watch(RunCsvReader.StreamFile(WriteRuns())).ToList(); // what the import did before streaming
        Assert.Equal(Batch, probe.AliveAtCheck);
        Assert.Equal(Rows, held.Count);
    }
}
