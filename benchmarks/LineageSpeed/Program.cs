// LineageSpeed: how fast the kit turns SQL into column lineage.
//
//   dotnet run -c Release --project benchmarks/LineageSpeed [-- --seconds 5]
//
// 1. The sample query log (data-samples/query_log.csv + warehouse_catalog.json), parsed whole, repeatedly.
// 2. The TPC-H and TPC-DS corpora of ../shared/lineage-bench (121 queries, 684 output columns):
//    a. parse only: DuckDB's json_serialize_sql on each query (the in-process baseline: the parser the kit builds on);
//    b. lineage: SqlLineageParser.Parse (parse + name resolution + value/indirect sets for every output column).
// Each figure is the median of 3 runs of whole passes lasting at least --seconds (baseline and lineage runs interleaved). Ratios: lineage vs the in-process
// parse-only baseline, and vs sqlglot's figures recorded in ../shared/lineage-bench/expected/sqlglot_speed.json (pure
// Python sqlglot on a 2-core AMD EPYC VM — a recorded figure from the same kind of machine, not re-timed here).
using System.Diagnostics;
using System.Text.Json;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Sql;
using DuckDB.NET.Data;

double seconds = args.Length >= 2 && args[0] == "--seconds" ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var root = FindRoot();
Console.WriteLine($"LineageSpeed — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {seconds:F0} s per run, median of 3 runs");

var log = Path.Combine(root, "data-samples", "query_log.csv");
var catalogPath = Path.Combine(root, "data-samples", "warehouse_catalog.json");
if (File.Exists(log) && File.Exists(catalogPath))
{
    var logEntries = QueryLogReader.ReadCsv(log);
    var entries = logEntries.Select(e => e.QueryText).ToList();
    using var parser = new SqlLineageParser(LineageCatalog.FromJsonFile(catalogPath));
    int columns = parser.ParseAll(entries).Statements.Sum(s => s.Columns.Count);
    var rates = Medians(entries.Count,
        () => { foreach (var e in entries) parser.TryParse(e, 0, out _, out _); },
        () => QueryLogCapture.Capture(logEntries, parser, new AdaptiveEtl.Kit.Lineage.Graph.LineageGraph()));
    Console.WriteLine($"sample query log: {entries.Count} statements ({entries.Distinct().Count()} distinct), {columns} output columns per pass");
    Console.WriteLine($"  lineage, every statement parsed             {rates[0],9:F0} statements/s  {rates[0] * columns / entries.Count,9:F0} columns/s");
    Console.WriteLine($"  capture into a graph (distinct texts parsed once) {rates[1],9:F0} statements/s");
}
else Console.WriteLine("sample query log: data-samples/query_log.csv not found, skipped");

var bench = Path.GetFullPath(Path.Combine(root, "..", "shared", "lineage-bench"));
if (!Directory.Exists(bench)) { Console.WriteLine("lineage-bench: ../shared/lineage-bench not found, skipped"); return; }
var corpora = new[] { "tpch", "tpcds" }.Select(c => (Name: c, Catalog: LineageCatalog.FromJsonFile(Path.Combine(bench, c, "schema.json")),
    Queries: Directory.GetFiles(Path.Combine(bench, c), "q*.sql").Order().Select(File.ReadAllText).ToList())).ToList();
int totalQueries = corpora.Sum(c => c.Queries.Count);
var parsers = corpora.Select(c => new SqlLineageParser(c.Catalog)).ToList();
int totalColumns = corpora.Select((c, i) => c.Queries.Sum(q => parsers[i].Parse(q).Columns.Count)).Sum();

using var duck = new DuckDBConnection("DataSource=:memory:");
duck.Open();
using var serialize = duck.CreateCommand();
serialize.CommandText = "SELECT json_serialize_sql(CAST($1 AS VARCHAR))";
var p = new DuckDBParameter();
serialize.Parameters.Add(p);
var texts = corpora.SelectMany(c => c.Queries).Select(q => q.Trim().TrimEnd(';')).ToList();
// Interleaved runs (baseline, lineage, baseline, …) so that load from other processes hits both alike.
var medians = Medians(totalQueries,
    () => { foreach (var t in texts) { p.Value = t; _ = serialize.ExecuteScalar(); } },
    () => { for (int i = 0; i < corpora.Count; i++) foreach (var q in corpora[i].Queries) parsers[i].Parse(q); });
double parseOnly = medians[0], lineage = medians[1];
foreach (var x in parsers) x.Dispose();

Console.WriteLine($"lineage-bench TPC-H + TPC-DS: {totalQueries} queries, {totalColumns} output columns per pass");
Console.WriteLine($"  parse only (DuckDB json_serialize_sql) {parseOnly,9:F0} statements/s   (in-process baseline)");
Console.WriteLine($"  lineage (SqlLineageParser.Parse)       {lineage,9:F0} statements/s  {lineage * totalColumns / totalQueries,9:F0} columns/s  = {lineage / parseOnly:F2}× the parse-only baseline");

var speedFile = Path.Combine(bench, "expected", "sqlglot_speed.json");
if (File.Exists(speedFile))
{
    using var doc = JsonDocument.Parse(File.ReadAllText(speedFile));
    var r = doc.RootElement;
    double sgParse = r.GetProperty("parse_statements_per_s").GetProperty("median").GetDouble();
    double sgAllCols = r.GetProperty("lineage_all_columns_api").GetProperty("columns_per_s").GetDouble();
    double sgAllQueries = r.GetProperty("lineage_all_columns_api").GetProperty("queries_per_s").GetDouble();
    double sgPerCol = r.GetProperty("lineage_per_column_api").GetProperty("columns_per_s").GetDouble();
    double ourCols = lineage * totalColumns / totalQueries;
    Console.WriteLine("vs sqlglot (recorded in expected/sqlglot_speed.json, same kind of machine, not re-timed):");
    Console.WriteLine($"  parse only:  kit/DuckDB {parseOnly,8:F0} vs sqlglot parse_one {sgParse,8:F0} statements/s  ratio {parseOnly / sgParse:F2}×");
    Console.WriteLine($"  lineage:     kit {lineage,8:F0} vs sqlglot lineage(None, …) {sgAllQueries,8:F1} queries/s  ratio {lineage / sgAllQueries:F2}×");
    Console.WriteLine($"  columns:     kit {ourCols,8:F0} vs sqlglot lineage(None, …) {sgAllCols,8:F0} columns/s  ratio {ourCols / sgAllCols:F2}×  (vs per-column API {sgPerCol:F0}/s: {ourCols / sgPerCol:F2}×)");
}

// Whole passes of each measure until `seconds` elapse, three runs, runs of the measures interleaved; the median rate of each.
double[] Medians(int itemsPerPass, params Action[] passes)
{
    foreach (var pass in passes) pass(); // warm-up (JIT, DuckDB caches)
    var rates = passes.Select(_ => new List<double>()).ToArray();
    for (int run = 0; run < 3; run++)
        for (int m = 0; m < passes.Length; m++)
        {
            var sw = Stopwatch.StartNew();
            long items = 0;
            do { passes[m](); items += itemsPerPass; } while (sw.Elapsed.TotalSeconds < seconds);
            rates[m].Add(items / sw.Elapsed.TotalSeconds);
        }
    return rates.Select(r => r.Order().ElementAt(1)).ToArray();
}

static string FindRoot()
{
    foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "AdaptiveEtl.Kit.sln"))) return d.FullName;
    return "/work/main";
}
