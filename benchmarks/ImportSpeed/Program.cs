// Import speed benchmark (issue 19). For each size n (default 1e5 and 2e6) a run-history CSV of n generated runs in the
// etl_runs.csv format is written; then ONE child process per size, after a warm-up of both on a 1,000-row file, imports it
//   (a) by the kit: RunHistoryStore.ImportCsv into a new DuckDB file store (streamed and validated; into an empty store the
//       rows are appended straight into its tables and the keys added after them), and
//   (b) by DuckDB itself: CREATE TABLE … AS SELECT * FROM read_csv(…) into a new DuckDB file: the baseline,
// in that order and in the same process, so the ratio compares the two on the same file, machine load and process. The
// kit's peak memory is read before the baseline runs: the process's peak working set (Process.PeakWorkingSet64, DuckDB's
// native memory included) and the peak managed heap (GC.GetTotalMemory sampled every 5 ms), with the bytes allocated and
// the GC counts. A second table says where the kit's time goes: the CSV records alone (CsvRecords, on CsvHelper), the
// records validated into runs (RunCsvReader, no store), and the import's own phases (RunHistoryStore.PhaseObserver).
//   Run: dotnet run -c Release --project benchmarks/ImportSpeed [-- 1e5 2e6]
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.History;
using DuckDB.NET.Data;

var inv = CultureInfo.InvariantCulture;
if (args.Length == 2 && args[0] == "--measure") return Measure(args[1]);

var sizes = args.Length > 0 ? args.Select(a => (long)double.Parse(a, inv)).ToArray() : [100_000, 2_000_000];
var dir = Path.Combine(Path.GetTempPath(), "aek-import-bench-" + Environment.ProcessId);
Directory.CreateDirectory(dir);
Console.WriteLine($"ImportSpeed: {Configuration()}");
Console.WriteLine($"  {Environment.ProcessorCount} cores, load average {LoadAverage()}, .NET {Environment.Version}, {RuntimeInformationText()}, {GcText()}");
Console.WriteLine("  one child process per size: warm-up, then the kit's import, then DuckDB read_csv on the same file");
Console.WriteLine();
var results = new List<(long N, double Mb, string[] F)>();
try
{
    foreach (var n in sizes)
    {
        var csv = Path.Combine(dir, $"runs_{n}.csv");
        Generate(csv, n);
        results.Add((n, new FileInfo(csv).Length / 1e6, Child(csv)));
        File.Delete(csv);
    }
}
finally { Directory.Delete(dir, recursive: true); }

Console.WriteLine($"{"rows",10} {"file MB",8} {"kit s",8} {"DuckDB s",9} {"kit/DuckDB",10} {"kit peak WS MB",15} {"kit peak heap MB",17} {"kit alloc MB",13} {"GC 0/1/2",10} {"DuckDB+key s",13} {"kit/(DuckDB+key)",17}");
foreach (var (n, mb, f) in results)
{
    double kit = D(f[0]), duck = D(f[1]), keyed = D(f[12]);
    Console.WriteLine($"{n,10} {mb,8:F1} {kit,8:F2} {duck,9:F2} {kit / duck,10:F2} {D(f[2]) / 1e6,15:F0} {D(f[3]) / 1e6,17:F0} {D(f[4]) / 1e6,13:F0} {f[5],10} {keyed,13:F2} {kit / keyed,17:F2}");
}
Console.WriteLine("  DuckDB = CREATE TABLE AS SELECT * FROM read_csv (the target's baseline); DuckDB+key = the same rows inserted into a");
Console.WriteLine("  table with the store's PRIMARY KEY (pipeline, run_id), which the kit's store has and maintains on every import.");
Console.WriteLine();
Console.WriteLine("Where the kit's time goes (seconds; 'stage' streams reading, validating and appending together, on two threads;");
Console.WriteLine("  a first import into an empty store has no duplicates or merge phase, and DuckDB builds the keys it adds at the commit):");
Console.WriteLine($"{"rows",10} {"CSV records",12} {"+ validate",11} {"stage",8} {"duplicates",11} {"merge",8} {"keys",8} {"commit",8} {"append ≈ stage − validate",26}");
foreach (var (n, _, f) in results)
{
    double records = D(f[6]), validated = D(f[7]), stage = D(f[8]);
    Console.WriteLine($"{n,10} {records,12:F2} {validated,11:F2} {stage,8:F2} {D(f[9]),11:F2} {D(f[10]),8:F2} {D(f[13]),8:F2} {D(f[11]),8:F2} {stage - validated,26:F2}");
}
return 0;

double D(string s) => double.Parse(s, inv);

// Runs one size in a child process and reads back its measurement line.
string[] Child(string csv)
{
    var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { "--measure", csv }) psi.ArgumentList.Add(a);
    if (!psi.FileName.EndsWith("ImportSpeed", StringComparison.Ordinal) && !psi.FileName.EndsWith("ImportSpeed.exe", StringComparison.Ordinal))
        psi.ArgumentList.Insert(0, Assembly.GetEntryAssembly()!.Location); // started as `dotnet ImportSpeed.dll`
    using var p = Process.Start(psi)!;
    var stderrTask = p.StandardError.ReadToEndAsync();
    var stdout = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"measurement of {csv} failed ({p.ExitCode}): {stderrTask.Result}{stdout}");
    return stdout.Trim().Split(' ');
}

// One size: warm-up, kit import (with its memory), DuckDB baseline, then the phase profile. Prints one line of fields.
int Measure(string csv)
{
    long expected = long.Parse(Path.GetFileNameWithoutExtension(csv).Split('_')[1], inv);
    var warm = Path.Combine(Path.GetDirectoryName(csv)!, $"warm_{Guid.NewGuid():N}.csv");
    Generate(warm, 1_000);
    KitImport(warm, expected: 1_000, phases: null);
    DuckDbImport(warm, expected: 1_000);
    DuckDbImport(warm, expected: 1_000, primaryKey: true);
    File.Delete(warm);

    // (a) the kit, with its memory sampled while it runs.
    var phases = new Dictionary<string, double>();
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    long peakHeap = GC.GetTotalMemory(false);
    using var stop = new CancellationTokenSource();
    var sampler = Task.Run(() =>
    {
        while (!stop.IsCancellationRequested)
        {
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            Thread.Sleep(5);
        }
    });
    double kitSeconds = KitImport(csv, expected, phases);
    stop.Cancel();
    sampler.Wait();
    long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var gcCounts = string.Join("/", Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - gcBefore[g]));
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    long peakWorkingSet = self.PeakWorkingSet64;

    // (b) DuckDB's own reader, the baseline, on the same file.
    double duckSeconds = DuckDbImport(csv, expected);
    double duckKeyedSeconds = DuckDbImport(csv, expected, primaryKey: true);

    // Where the kit's time goes: the same file through the CSV reader alone, then through the validating reader alone.
    var watch = Stopwatch.StartNew();
    long records = CsvRecords.Read(csv).LongCount() - 1; // minus the header
    double recordSeconds = watch.Elapsed.TotalSeconds;
    watch.Restart();
    long validated = RunCsvReader.StreamFile(csv).LongCount();
    double validateSeconds = watch.Elapsed.TotalSeconds;
    if (records != expected || validated != expected) throw new InvalidOperationException($"read {records} records, {validated} runs of {expected}");

    string S(double v) => v.ToString("R", inv);
    double Phase(string name) => phases.GetValueOrDefault(name); // a first import into an empty store has no duplicates or merge phase, the staging path no keys phase
    Console.WriteLine(string.Join(' ', S(kitSeconds), S(duckSeconds), peakWorkingSet.ToString(inv), peakHeap.ToString(inv), allocated.ToString(inv), gcCounts,
        S(recordSeconds), S(validateSeconds), S(phases["stage"]), S(Phase("duplicates")), S(Phase("merge")), S(phases["commit"]), S(duckKeyedSeconds), S(Phase("keys"))));
    return 0;
}

double KitImport(string csv, long expected, Dictionary<string, double>? phases)
{
    var db = Path.Combine(Path.GetDirectoryName(csv)!, $"kit-{Guid.NewGuid():N}.duckdb");
    var watch = Stopwatch.StartNew();
    long rows;
    using (var store = RunHistoryStore.OpenDuckDb(db))
    {
        if (phases is not null) store.PhaseObserver = (phase, took) => phases[phase] = took.TotalSeconds;
        rows = store.ImportCsv(csv).Runs;
    }
    watch.Stop();
    if (rows != expected) throw new InvalidOperationException($"the kit imported {rows} rows of {expected}");
    File.Delete(db);
    return watch.Elapsed.TotalSeconds;
}

double DuckDbImport(string csv, long expected, bool primaryKey = false)
{
    var db = Path.Combine(Path.GetDirectoryName(csv)!, $"duckdb-{Guid.NewGuid():N}.duckdb");
    var watch = Stopwatch.StartNew();
    long rows;
    using (var duck = new DuckDBConnection($"Data Source={db}"))
    {
        duck.Open();
        using var cmd = duck.CreateCommand();
        var read = $"read_csv('{csv.Replace("'", "''")}', header = true)";
        if (primaryKey)
        {
            // The same table with the store's key: an empty copy of the file's columns, the key, then the rows.
            cmd.CommandText = $"CREATE TABLE etl_runs AS SELECT * FROM {read} LIMIT 0";
            cmd.ExecuteNonQuery();
            cmd.CommandText = "ALTER TABLE etl_runs ADD PRIMARY KEY (pipeline, run_id)";
            cmd.ExecuteNonQuery();
            cmd.CommandText = $"INSERT INTO etl_runs SELECT * FROM {read}";
        }
        else cmd.CommandText = $"CREATE TABLE etl_runs AS SELECT * FROM {read}";
        cmd.ExecuteNonQuery();
        cmd.CommandText = "SELECT count(*) FROM etl_runs";
        rows = Convert.ToInt64(cmd.ExecuteScalar(), inv);
    }
    watch.Stop();
    if (rows != expected) throw new InvalidOperationException($"DuckDB imported {rows} rows of {expected}");
    File.Delete(db);
    return watch.Elapsed.TotalSeconds;
}

// The build configuration of this program and of the kit it runs (an optimised build has the JIT optimiser enabled).
string Configuration()
{
#if DEBUG
    const string self = "Debug";
#else
    const string self = "Release";
#endif
    var kit = typeof(RunHistoryStore).Assembly;
    bool kitOptimised = kit.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;
    using var duck = new DuckDBConnection("Data Source=:memory:");
    duck.Open();
    using var cmd = duck.CreateCommand();
    cmd.CommandText = "SELECT version()";
    return $"benchmark {self} build, kit {(kitOptimised ? "optimised (Release)" : "NOT optimised (Debug)")}, DuckDB {cmd.ExecuteScalar()}";
}

string GcText() => $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, {GCSettings.LatencyMode}";

string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.OSDescription;

string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

// n runs over 20 pipelines, one per pipeline every 10 minutes, seeded so every run of the benchmark reads the same file.
void Generate(string path, long n)
{
    var rng = new Random(19);
    var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    using var w = new StreamWriter(path);
    w.WriteLine("run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,ingestion_rate_rps,outcome");
    for (long i = 0; i < n; i++)
    {
        var trigger = t0.AddMinutes(10 * (i / 20)).AddSeconds(rng.Next(0, 300));
        var start = trigger.AddSeconds(rng.Next(0, 30));
        var end = start.AddSeconds(rng.Next(5, 600));
        long rowsIn = rng.Next(100, 100_000);
        w.Write(string.Create(inv, $"{i + 1},pipeline_{i % 20:D2},{trigger:yyyy-MM-ddTHH:mm:ssZ},{start:yyyy-MM-ddTHH:mm:ssZ},{end:yyyy-MM-ddTHH:mm:ssZ},"));
        w.WriteLine(string.Create(inv, $"{rowsIn},{rowsIn * 410},1,1,cb510a1a3a777a02,{rng.NextDouble() * 5:F3},{(rng.Next(50) == 0 ? "failed" : "success")}"));
    }
}
