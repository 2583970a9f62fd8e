// Schema-advisor benchmark: does applying the kit's accepted recommendations make a star-schema workload faster, by as
// much as the simulation predicted, and at what storage cost — compared with the naive "index every filtered column"?
//
//   dotnet run -c Release --project benchmarks/SchemaAdvisor -- [salesRows=300000] [repeats=3]
//   KIT_BENCH_POSTGRES="Host=…;Username=…;Database=…" dotnet run …   # also on PostgreSQL (the benchmark starts no server)
//   KIT_BENCH_SKIP_DUCKDB=1 …                                          # PostgreSQL only
//
// Steps per engine: build the seeded star schema (StarSchemaSample: 3 dimensions + date, 2 facts, an aggregate) three
// times (as is / kit / baseline); record a query log by running 60 templates (12 shapes × 5 literal sets) `logRuns` times;
// build the workload model and the advisor's recommendations from that log and the stores' profiles; simulate each
// recommendation with the controller (shadow replay) and apply the accepted ones through it (window open now); index
// every filtered column on the baseline copy; then replay the whole workload on all three and print the totals.
// Figures only: nothing is asserted.
using System.Diagnostics;
using System.Globalization;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Samples;
using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Profiling;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using AdaptiveEtl.Kit.SchemaEvolution.Usage;
using DuckDB.NET.Data;
using Npgsql;
using SchemaChangeDdl = AdaptiveEtl.Kit.SchemaEvolution.Ddl.SchemaChangeDdl;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int salesRows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const int logRuns = 4;
var templates = Templates();
Console.WriteLine($"Schema-advisor benchmark: star schema with {salesRows:N0} sales rows, {templates.Count} query templates, query log of {templates.Count * logRuns} executions, replay {repeats} repeats");

var dir = Directory.CreateTempSubdirectory("kit-schema-bench-").FullName;
try
{
    if (Environment.GetEnvironmentVariable("KIT_BENCH_SKIP_DUCKDB") is not "1") await RunDuckDbAsync();
    if (Environment.GetEnvironmentVariable("KIT_BENCH_POSTGRES") is { Length: > 0 } pg) await RunPostgresAsync(pg);
    else Console.WriteLine("\nPostgreSQL: skipped (set KIT_BENCH_POSTGRES to a connection string; the benchmark starts no server).");
}
finally
{
    Directory.Delete(dir, recursive: true);
}

async Task RunDuckDbAsync()
{
    var clock = Stopwatch.StartNew();
    string[] names = ["as-is", "kit", "baseline"];
    foreach (var n in names)
    {
        await using var c = new DuckDBConnection($"Data Source={Path.Combine(dir, n + ".duckdb")}");
        await c.OpenAsync();
        await StarSchemaSample.CreateDuckDbAsync(c, salesRows: salesRows);
    }
    Console.WriteLine($"\n== DuckDB ({clock.Elapsed.TotalSeconds:F1} s to build 3 copies)");
    var profiles = new List<TableProfile>();
    await using (var c = new DuckDBConnection($"Data Source={Path.Combine(dir, "as-is.duckdb")}"))
    {
        await c.OpenAsync();
        foreach (var t in StarSchemaSample.TableNames) profiles.Add(await StoreProfiler.ProfileDuckDbAsync(c, new QualifiedTable("star", t)));
    }
    await using var asIs = await DuckDbSchemaChangeStore.OpenAsync(Path.Combine(dir, "as-is.duckdb"));
    await using var kit = await DuckDbSchemaChangeStore.OpenAsync(Path.Combine(dir, "kit.duckdb"));
    await using var baseline = await DuckDbSchemaChangeStore.OpenAsync(Path.Combine(dir, "baseline.duckdb"));
    await CompareAsync("DuckDB", asIs, kit, baseline, profiles, copy => Task.FromResult(FileBytes(Path.Combine(dir, names[copy] + ".duckdb"))));
}

async Task RunPostgresAsync(string connectionString)
{
    var clock = Stopwatch.StartNew();
    string[] schemas = ["kit_bench_asis", "kit_bench_kit", "kit_bench_base"];
    var stores = new List<PostgresSchemaChangeStore>();
    var profiles = new List<TableProfile>();
    foreach (var schema in schemas)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
        await using (var c = new NpgsqlConnection(connectionString))
        {
            await c.OpenAsync();
            await using (var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; DROP SCHEMA IF EXISTS star CASCADE", c)) await drop.ExecuteNonQueryAsync();
            await StarSchemaSample.CreatePostgresAsync(c, salesRows: salesRows);
            await using (var rename = new NpgsqlCommand($"ALTER SCHEMA star RENAME TO \"{schema}\"", c)) await rename.ExecuteNonQueryAsync();
            if (schema == schemas[0])
                foreach (var t in StarSchemaSample.TableNames) profiles.Add(await StoreProfiler.ProfilePostgresAsync(c, new QualifiedTable(schema, t)));
        }
        stores.Add(await PostgresSchemaChangeStore.OpenAsync(connectionString));
    }
    Console.WriteLine($"\n== PostgreSQL ({clock.Elapsed.TotalSeconds:F1} s to build 3 schemas)");
    Console.WriteLine("(each copy lives in its own schema; the templates are rewritten from star.* to that schema)");
    // The templates name schema "star": PostgreSQL copies get their own schema names, so the workload is rewritten per copy.
    await CompareAsync("PostgreSQL", stores[0], stores[1], stores[2], profiles.Select(p => p with { Table = new QualifiedTable("star", p.Table.Name) }).ToList(),
        async copy =>
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relkind IN ('r', 'm', 'p')", c);
            cmd.Parameters.AddWithValue("schema", schemas[copy]);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }, schemas);
    foreach (var s in stores) await s.DisposeAsync();
}

async Task CompareAsync(string engine, ISchemaChangeStore asIs, ISchemaChangeStore kit, ISchemaChangeStore baseline, IReadOnlyList<TableProfile> profiles,
    Func<int, Task<long>> storeBytes, string[]? schemas = null)
{
    string For(string sql, int copy) => schemas is null ? sql : sql.Replace("star.", schemas[copy] + ".", StringComparison.Ordinal);
    // 1. Record a query log on the as-is copy.
    var log = new List<QueryLogEntry>();
    var start = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
    var recording = await asIs.ReplayAsync(templates.Select(t => new WorkloadQuery(t.Family, For(t.Sql, 0), 1)).ToList(), new ReplayOptions(0, logRuns));
    int i = 0;
    foreach (var q in recording.Queries)
        for (int r = 0; r < logRuns; r++)
            log.Add(new QueryLogEntry($"q{i++}", start.AddMinutes(i), "analyst", "bench", q.MedianMilliseconds, null, 1, templates.First(t => t.Family == q.Query.Family).Sql));

    // 2. Workload model and recommendations.
    using var parser = new SqlLineageParser(StarSchemaSample.Catalog());
    var workload = WorkloadModel.Build(log, parser, null, profiles);
    var history = new ProfileHistory();
    foreach (var p in profiles) history.Add(p);
    var advice = new SchemaAdvisor().Recommend(workload, history);
    Console.WriteLine($"workload: {workload.Families.Count} families from {log.Count} log entries; {advice.Recommendations.Count} recommendations");

    var replay = templates.Select(t => new WorkloadQuery(t.Family, t.Sql, 1)).ToList();
    List<WorkloadQuery> Copy(int c) => replay.Select(q => q with { Sql = For(q.Sql, c) }).ToList();
    var options = new ReplayOptions(1, repeats);

    // 3. Simulate and apply the accepted ones on the kit copy (window open now, so the controller applies and monitors).
    var now = DateTimeOffset.UtcNow;
    var window = new MaintenanceWindow(TimeOnly.FromDateTime(now.AddMinutes(-5).UtcDateTime), TimeOnly.FromDateTime(now.AddHours(3).UtcDateTime));
    var decisions = Path.Combine(dir, engine + "-decisions.jsonl");
    await using var decisionLog = new JsonLinesDecisionLog(decisions);
    var controllerOptions = new SchemaControllerOptions(window) { Replay = options, ExtraShadowTables = StarSchemaSample.TableNames.Select(t => new QualifiedTable(schemas?[1] ?? "star", t)).ToList() };
    var controller = new SchemaEvolutionController(kit, decisionLog, controllerOptions);
    double predictedSurvival = 1;
    long predictedBytes = 0;
    var kitWorkload = Copy(1);
    Console.WriteLine($"{"recommendation",-58} {"expected",9} {"shadow",8}  outcome");
    foreach (var rec in advice.Recommendations)
    {
        var target = schemas is null ? rec : rec with { Table = new QualifiedTable(schemas[1], rec.Table.Name) };
        var outcome = await controller.RunAsync(target, kitWorkload);
        var shadow = outcome.Simulation?.MeasuredGain;
        if (outcome.Status == ChangeStatus.Kept)
        {
            predictedSurvival *= 1 - Math.Max(0, shadow ?? 0);
            predictedBytes += rec.EstimatedStorageBytes;
        }
        var label = $"{rec.Kind} {rec.Table}({string.Join(",", rec.Columns)})";
        var interval = outcome.Simulation?.Measurement is { } m ? $"[{m.GainLow:P1} … {m.GainHigh:P1}, {m.Rounds} rounds, {outcome.Simulation.TimedFamilies.Count} families]" : "";
        Console.WriteLine($"{(label.Length > 58 ? label[..57] + "…" : label),-58} {rec.ExpectedGain,9:P1} {(shadow is { } g ? g.ToString("P1") : "–"),8}  {outcome.Status} {interval}");
    }

    // 4. Baseline: an index on every filtered column.
    var filtered = workload.Columns.Where(c => c.Filters > 0).ToList();
    foreach (var c in filtered)
    {
        var table = QualifiedTable.Parse(c.Column.Table);
        var rec = new SchemaRecommendation($"all-{c.Column}", RecommendationKind.Index, new QualifiedTable(schemas?[2] ?? table.Schema, table.Name), [c.Column.Column],
            new Dictionary<string, string>(), [], 0, 0, RecommendationRisk.Low, "baseline");
        var ddl = SchemaChangeDdl.Generate(rec, baseline.Dialect);
        await baseline.ExecuteChangeAsync(ddl.Forward, null);
    }

    // 5. Measure: the three copies take turns, round by round, in a rotating order, so the machine's load falls on all
    //    three alike; each family's time is its median over the rounds.
    var (before, after, naive) = await RotatingReplayAsync(asIs, Copy(0), kit, kitWorkload, baseline, Copy(2), repeats);
    double predicted = 1 - predictedSurvival, measured = 1 - after.TotalMilliseconds / before.TotalMilliseconds, naiveGain = 1 - naive.TotalMilliseconds / before.TotalMilliseconds;
    Console.WriteLine($"total workload time ({templates.Count} templates, median of {repeats} rotating rounds): as-is {before.TotalMilliseconds:F1} ms, kit {after.TotalMilliseconds:F1} ms, index-every-filtered-column ({filtered.Count} indexes) {naive.TotalMilliseconds:F1} ms");
    Console.WriteLine($"gain: predicted by the shadow replays {predicted:P1}, measured {measured:P1} (target ≥ predicted − 10 %: {(measured >= predicted - 0.10 ? "met" : "not met")}); baseline {naiveGain:P1}");
    double asIsMiB = await storeBytes(0) / 1048576.0, kitMiB = await storeBytes(1) / 1048576.0, baseMiB = await storeBytes(2) / 1048576.0;
    Console.WriteLine($"storage: as-is {asIsMiB:F1} MiB; kit {kitMiB:F1} MiB (+{kitMiB - asIsMiB:F1}; the advisor estimated +{predictedBytes / 1048576.0:F1}); index-every-filtered-column {baseMiB:F1} MiB (+{baseMiB - asIsMiB:F1})");
    Console.WriteLine($"decision log: {(await decisionLog.QueryAsync()).Count} entries");
}

static async Task<(WorkloadTiming, WorkloadTiming, WorkloadTiming)> RotatingReplayAsync(ISchemaChangeStore s0, List<WorkloadQuery> w0,
    ISchemaChangeStore s1, List<WorkloadQuery> w1, ISchemaChangeStore s2, List<WorkloadQuery> w2, int rounds)
{
    var stores = new[] { (s0, w0), (s1, w1), (s2, w2) };
    var runs = stores.Select(s => s.Item2.Select(_ => new List<double>()).ToArray()).ToArray();
    foreach (var (store, workload) in stores) await store.ReplayAsync(workload, new ReplayOptions(0, 1)); // warm-up
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < 3; k++)
        {
            int c = (r + k) % 3;
            var t = await stores[c].Item1.ReplayAsync(stores[c].Item2, new ReplayOptions(0, 1));
            for (int i = 0; i < t.Queries.Count; i++) runs[c][i].Add(t.Queries[i].MedianMilliseconds);
        }
    WorkloadTiming Timing(int c) => new(stores[c].Item2.Select((q, i) => new QueryTiming(q, MathNet.Numerics.Statistics.Statistics.Median(runs[c][i]), runs[c][i])).ToList());
    return (Timing(0), Timing(1), Timing(2));
}

static long FileBytes(string path)
{
    using (var c = new DuckDBConnection($"Data Source={path}"))
    {
        try
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CHECKPOINT";
            cmd.ExecuteNonQuery();
        }
        catch (DuckDBException)
        {
            // Still open in this process through a store: the size before the checkpoint is reported.
        }
    }
    return new FileInfo(path).Length + (File.Exists(path + ".wal") ? new FileInfo(path + ".wal").Length : 0);
}

static List<(string Family, string Sql)> Templates()
{
    // 12 shapes × 5 literal sets = 60 templates: point lookups, selective filters on fact and dimension columns, range
    // scans on time, joins to dimensions, grouped reports. Literals are deterministic.
    var list = new List<(string, string)>();
    string[] countries = ["'US'", "'DE'", "'FR'", "'GB'", "'IN'"];
    string[] regions = ["north", "south", "east", "west", "north"];
    string[] categories = ["books", "games", "garden", "kitchen", "music"];
    for (int k = 0; k < 5; k++)
    {
        int customer = 101 + 997 * k, store = 1 + 3 * k, sale = 1000 + 7919 * k, month = 1 + 2 * k;
        string day = $"2025-{month:D2}-{10 + k:D2}";
        list.Add(("customer_orders", $"SELECT f.sale_id, f.amount FROM star.fact_sales f WHERE f.customer_id = {customer} ORDER BY f.sold_at DESC LIMIT 50"));
        list.Add(("sale_lookup", $"SELECT * FROM star.fact_sales f WHERE f.sale_id = {sale}"));
        list.Add(("store_week", $"SELECT count(*), sum(f.amount) FROM star.fact_sales f WHERE f.store_id = {store} AND f.sold_at BETWEEN TIMESTAMP '{day} 00:00:00' AND TIMESTAMP '{day} 00:00:00' + INTERVAL '7 days'"));
        list.Add(("day_status", $"SELECT f.status, count(*) FROM star.fact_sales f WHERE f.date_key = {int.Parse(day.Replace("-", ""), CultureInfo.InvariantCulture)} GROUP BY f.status"));
        list.Add(("recent_revenue", $"SELECT sum(f.amount) FROM star.fact_sales f WHERE f.sold_at >= TIMESTAMP '2025-12-{20 + k:D2} 00:00:00'"));
        list.Add(("customer_profile", $"SELECT c.name, c.country, c.segment FROM star.dim_customer c WHERE c.customer_id = {customer}"));
        list.Add(("country_buyers", $"SELECT c.segment, count(DISTINCT f.customer_id) FROM star.fact_sales f JOIN star.dim_customer c ON c.customer_id = f.customer_id WHERE c.country = {countries[k]} GROUP BY c.segment"));
        list.Add(("region_revenue", $"SELECT st.city, sum(f.amount) FROM star.fact_sales f JOIN star.dim_store st ON st.store_id = f.store_id WHERE st.region = '{regions[k]}' AND f.sold_at >= TIMESTAMP '2025-{month:D2}-01 00:00:00' GROUP BY st.city"));
        list.Add(("category_units", $"SELECT p.name, sum(f.quantity) FROM star.fact_sales f JOIN star.dim_product p ON p.product_id = f.product_id WHERE p.category = '{categories[k]}' GROUP BY p.name ORDER BY 2 DESC LIMIT 10"));
        list.Add(("returns_for_sale", $"SELECT r.reason, r.returned_at FROM star.fact_returns r WHERE r.sale_id = {sale}"));
        list.Add(("product_sales", $"SELECT count(*) FROM star.fact_sales f WHERE f.product_id = {1 + 13 * k}"));
        list.Add(("month_calendar", $"SELECT d.date, sum(f.amount) FROM star.fact_sales f JOIN star.dim_date d ON d.date_key = f.date_key WHERE d.month = {month} AND d.year = 2025 GROUP BY d.date ORDER BY d.date"));
    }
    return list;
}
