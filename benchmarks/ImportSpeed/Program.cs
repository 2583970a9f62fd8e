// Import speed benchmark (issue 19): for each size n (default 1e5 and 2e6) a run-history CSV of n generated runs in the
// etl_runs.csv format is written, then imported (a) by the kit, RunHistoryStore.ImportCsv into a new DuckDB file store,
// and (b) by DuckDB itself, CREATE TABLE … AS SELECT * FROM read_csv(…) into a new DuckDB file, the reference for "DuckDB
// speed". Each import runs in a child process of this program so its peak working set (Process.PeakWorkingSet64) and
// managed allocations (GC.GetTotalAllocatedBytes) are its own. Prints seconds, the ratio kit / DuckDB (1 = as fast) and
// peak memory.  Run: dotnet run -c Release --project benchmarks/ImportSpeed [-- 1e5 2e6]
using System.Diagnostics;
using System.Globalization;
using AdaptiveEtl.Kit.History;
using DuckDB.NET.Data;

var inv = CultureInfo.InvariantCulture;
if (args.Length == 3 && args[0] == "--measure") return Measure(args[1], args[2]);

var sizes = args.Length > 0 ? args.Select(a => (long)double.Parse(a, inv)).ToArray() : [100_000, 2_000_000];
var dir = Path.Combine(Path.GetTempPath(), "aek-import-bench-" + Environment.ProcessId);
Directory.CreateDirectory(dir);
Console.WriteLine($"ImportSpeed — {Environment.ProcessorCount} cores, .NET {Environment.Version}; each import in its own process");
Console.WriteLine();
Console.WriteLine($"{"rows",10} {"file MB",8} {"kit s",8} {"DuckDB s",9} {"kit/DuckDB",10} {"kit peak MB",12} {"kit alloc MB",13} {"DuckDB peak MB",15}");
try
{
    foreach (var n in sizes)
    {
        var csv = Path.Combine(dir, $"runs_{n}.csv");
        Generate(csv, n);
        var kit = Child("kit", csv);
        var duck = Child("duckdb", csv);
        Console.WriteLine($"{n,10} {new FileInfo(csv).Length / 1e6,8:F1} {kit.Seconds,8:F2} {duck.Seconds,9:F2} {kit.Seconds / duck.Seconds,10:F1} {kit.PeakBytes / 1e6,12:F0} {kit.AllocatedBytes / 1e6,13:F0} {duck.PeakBytes / 1e6,15:F0}");
        File.Delete(csv);
    }
}
finally { Directory.Delete(dir, recursive: true); }
return 0;

// Runs one import in a child process and reads back "seconds peakBytes allocatedBytes".
(double Seconds, long PeakBytes, long AllocatedBytes) Child(string engine, string csv)
{
    var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { "--measure", engine, csv }) psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    var stdout = p.StandardOutput.ReadToEnd();
    var stderr = p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{engine} import failed ({p.ExitCode}): {stderr}{stdout}");
    var f = stdout.Trim().Split(' ');
    return (double.Parse(f[0], inv), long.Parse(f[1], inv), long.Parse(f[2], inv));
}

int Measure(string engine, string csv)
{
    var db = Path.Combine(Path.GetDirectoryName(csv)!, $"{engine}-{Guid.NewGuid():N}.duckdb");
    var watch = Stopwatch.StartNew();
    long rows;
    if (engine == "kit")
    {
        using var store = RunHistoryStore.OpenDuckDb(db);
        rows = store.ImportCsv(csv).Runs;
    }
    else
    {
        using var duck = new DuckDBConnection($"Data Source={db}");
        duck.Open();
        using var cmd = duck.CreateCommand();
        cmd.CommandText = $"CREATE TABLE etl_runs AS SELECT * FROM read_csv('{csv.Replace("'", "''")}', header = true)";
        cmd.ExecuteNonQuery();
        cmd.CommandText = "SELECT count(*) FROM etl_runs";
        rows = Convert.ToInt64(cmd.ExecuteScalar(), inv);
    }
    watch.Stop();
    if (rows != long.Parse(Path.GetFileNameWithoutExtension(csv).Split('_')[1], inv)) throw new InvalidOperationException($"{engine} imported {rows} rows");
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    Console.WriteLine(string.Create(inv, $"{watch.Elapsed.TotalSeconds} {self.PeakWorkingSet64} {GC.GetTotalAllocatedBytes()}"));
    return 0;
}

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
