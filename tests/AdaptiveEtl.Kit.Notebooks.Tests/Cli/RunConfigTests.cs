using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Cli.Commands;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Cli;

/// <summary>
/// <c>kit run --config</c> on the user's own data: CSVs under other names, PostgreSQL tables, bad configs, <c>--json</c>,
/// plain output off a terminal, and <c>kit init</c> → <c>kit run</c>. The CLI is started as a child process (stdout and
/// stderr are pipes, so it must behave as in CI) except where noted.
/// </summary>
public sealed class RunConfigTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);
    private readonly string _dir = Directory.CreateTempSubdirectory("aek-runcfg-").FullName;

    private static string KitDll => Path.Combine(AppContext.BaseDirectory, "kit.dll");

    private static ProcessRunner.Result Kit(params string[] args) => ProcessRunner.Run("dotnet", [KitDll, .. args], Timeout);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string Copy(string sample, string name)
    {
        var path = Path.Combine(_dir, "mine", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(RepoPaths.Sample(sample), path);
        return path;
    }

    [Fact]
    public void Config_over_renamed_csvs_reports_drift_and_prints_parseable_json_without_ansi()
    {
        Copy("etl_runs.csv", "ops/history_2025.csv");
        Copy("customers_reference.csv", "crm/january.csv");
        Copy("customers_drifted.csv", "crm/february.csv");
        Copy("query_log.csv", "dwh/queries.csv");
        Copy("warehouse_catalog.json", "dwh/tables.json");
        var config = Path.Combine(_dir, "mine", "kit.yaml");
        File.WriteAllText(config, """
            work: state            # overridden by --work below
            fail_on_drift: true
            history:
              runs: ops/history_2025.csv
              pipelines: [orders_daily]
              max_runs: 60
            drift:
              - name: crm
                reference: crm/january.csv
                current: {csv: crm/february.csv}
                columns:
                  id: customer_id
                  timestamp: signup_date
                  target: churned
            lineage:
              query_log: [dwh/queries.csv]
              catalog: dwh/tables.json
            openlineage:
              file: events/openlineage.jsonl
              namespace: my-team
            """);
        var work = Path.Combine(_dir, "w");
        var r = Kit("run", "--config", config, "--work", work, "--json");
        AssertRunEvents(Path.Combine(_dir, "mine", "events", "openlineage.jsonl"), "COMPLETE", Path.Combine(_dir, "mine", "ops", "history_2025.csv"), work);
        // data-samples/README.md: the drifted batch drifts by construction, so fail_on_drift makes the run exit 3.
        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}\n{r.StdErr}");
        Assert.DoesNotContain('\u001b', r.StdOut);
        Assert.DoesNotContain('\u001b', r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("exit_code").GetInt32());
        Assert.Equal(Path.GetFullPath(work), root.GetProperty("work").GetString());
        var prediction = Assert.Single(root.GetProperty("predictions").EnumerateArray());
        Assert.Equal("orders_daily", prediction.GetProperty("pipeline").GetString());
        // The file has 9,577 data rows (wc -l data-samples/etl_runs.csv = 9,578 with the header).
        Assert.Equal(9577, root.GetProperty("history").GetProperty("imported")[0].GetProperty("runs").GetInt32());
        var drift = Assert.Single(root.GetProperty("drift").EnumerateArray());
        Assert.Equal("crm", drift.GetProperty("name").GetString());
        Assert.True(drift.GetProperty("drifted").GetBoolean());
        var notTested = drift.GetProperty("not_tested").EnumerateArray()
            .ToDictionary(e => e.GetProperty("column").GetString()!, e => e.GetProperty("role").GetString()!);
        Assert.Equal("id", notTested["customer_id"]);
        Assert.Equal("timestamp", notTested["signup_date"]);
        Assert.Equal("id (inferred)", notTested["email"]); // every e-mail address is distinct: a key, not a feature
        Assert.DoesNotContain("churned", notTested.Keys);
        var ignored = drift.GetProperty("columns").EnumerateArray().Where(c => c.GetProperty("column").GetString() == "customer_id").Single();
        Assert.False(ignored.GetProperty("drifted").GetBoolean());
        Assert.True(root.GetProperty("lineage").GetProperty("statements").GetInt32() > 0);
        // The proactive section: orders_daily's last 6 recorded triggers replayed (ProactiveReplaySection.Triggers) against the
        // simulated source of TraceReplayOptions (2 s latency, 256 KiB/s): a reactive run waits at least that latency.
        var proactive = Assert.Single(root.GetProperty("proactive").GetProperty("pipelines").EnumerateArray());
        Assert.Equal("orders_daily", proactive.GetProperty("pipeline").GetString());
        Assert.Equal(6, proactive.GetProperty("triggers").GetInt32());
        double reactiveMedian = proactive.GetProperty("median_reactive_seconds").GetDouble();
        Assert.True(reactiveMedian >= 2.0, $"reactive median {reactiveMedian} s");
        Assert.True(proactive.GetProperty("median_ready_seconds").GetDouble() < reactiveMedian);
        Assert.InRange(proactive.GetProperty("wasted_share").GetDouble(), 0.0, 1.0);
        var report = File.ReadAllText(Path.Combine(work, "report.html"));
        Assert.Contains("Proactive ETL (replay of the last triggers)", report);
        Assert.Contains("Drift of the latest crm batch", report);
        Assert.Contains("orders_daily", report);
        Assert.False(Directory.Exists(Path.Combine(_dir, "mine", "state")), "--work overrides the config's work folder");
    }

    [Fact]
    public void Plain_output_off_a_terminal_has_no_ansi_and_one_line_per_status()
    {
        Copy("customers_reference.csv", "a.csv");
        Copy("customers_drifted.csv", "b.csv");
        var config = Path.Combine(_dir, "mine", "kit.json");
        File.WriteAllText(config, """{"work": "../w", "drift": [{"name": "c", "reference": "a.csv", "current": "b.csv"}]}""");
        var r = Kit("run", "--config", config);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdErr}");
        Assert.DoesNotContain('\u001b', r.StdOut);
        Assert.Contains(r.StdOut.Split('\n'), l => l.StartsWith("drift c: ", StringComparison.Ordinal));
        Assert.Contains(r.StdOut.Split('\n'), l => l.StartsWith("report: ", StringComparison.Ordinal));
        Assert.Equal("", r.StdErr.Trim());
        Assert.True(File.Exists(Path.Combine(_dir, "w", "report.html")));
    }

    [Theory]
    [InlineData("history:\n  runs: runs.csv\n  max_runs: lots\n", 3, "history.max_runs: expected a whole number, found 'lots'")]
    [InlineData("drift:\n  - name: x\n    refrence: runs.csv\n", 3, "drift[0]: unknown key 'refrence'")]
    [InlineData("history:\n  runs: {duckdb: runs.csv}\n", 2, "history.runs: a duckdb source needs 'table'")]
    [InlineData("history:\n  runs: {duckdb: runs.csv,\n    table: \"ops.\\\"etl\"}\n", 3, "history.runs.table: expected 'table' or 'schema.table'")]
    [InlineData("lineage: [a, b]\n", 1, "lineage: expected a mapping")]
    [InlineData("{\"work\": \"w\",\n \"fail_on_drift\": \"maybe\"}", 2, "fail_on_drift: expected true or false, found 'maybe'")]
    [InlineData("proactive:\n  replay_triggers: -1\n", 2, "proactive.replay_triggers: expected a whole number from 0 (no replay) to 1000, found -1")]
    [InlineData("proactive:\n  pipelines:\n    - name: orders\n      source: no-such-folder\n", 4, "proactive.pipelines[0].source: folder 'no-such-folder' not found")]
    [InlineData("proactive:\n  pipelines:\n    - source: .\n", 3, "proactive.pipelines[0]: missing 'name'")]
    [InlineData("proactive:\n  pipelines:\n    - {name: a, source: .}\n    - {name: b, source: ., target: a}\n", 3, "proactive.pipelines: target 'a' is the target of a and b")]
    public void A_bad_config_exits_2_naming_file_line_and_key(string text, int line, string expected)
    {
        Copy("etl_runs.csv", "runs.csv");
        var config = Path.Combine(_dir, "mine", "bad.yaml");
        File.WriteAllText(config, text);
        var r = Kit("run", "--config", config, "--work", Path.Combine(_dir, "w"));
        Assert.Equal(KitExitCode.BadInput, r.ExitCode);
        Assert.Equal("", r.StdOut);
        Assert.Contains($"{config}, line {line.ToString(CultureInfo.InvariantCulture)}: {expected}", r.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "w", "report.html")));
    }

    [Fact]
    public void A_run_that_fails_on_bad_input_emits_START_then_FAIL_with_the_message()
    {
        Copy("customers_reference.csv", "ref.csv");
        File.WriteAllText(Path.Combine(_dir, "mine", "cur.csv"), "customer_id,age\n1,40\n2\n"); // line 3 has one field of two
        var config = Path.Combine(_dir, "mine", "kit.yaml");
        File.WriteAllText(config, "drift:\n  - name: x\n    reference: ref.csv\n    current: cur.csv\nopenlineage:\n  file: ol.jsonl\n");
        var r = Kit("run", "--config", config, "--work", Path.Combine(_dir, "w"));
        Assert.True(r.ExitCode == KitExitCode.BadInput, r.StdErr);
        var events = File.ReadAllLines(Path.Combine(_dir, "mine", "ol.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["START", "FAIL"], events.Select(e => e["eventType"]!.GetValue<string>()));
        Assert.Equal(events[0]["run"]!["runId"]!.GetValue<string>(), events[1]["run"]!["runId"]!.GetValue<string>());
        Assert.Contains("cur.csv", events[1]["run"]!["facets"]!["errorMessage"]!["message"]!.GetValue<string>());
        Assert.Equal("adaptive-etl-kit", events[1]["job"]!["namespace"]!.GetValue<string>());
        foreach (var e in events) Assert.Empty(global::AdaptiveEtl.Kit.Tests.Lineage.OpenLineageSchemas.Problems(e.ToJsonString()));
    }

    /// <summary>START then <paramref name="end"/>, one run id, valid OpenLineage; the run-history table's columns come from the CSV's.</summary>
    private static void AssertRunEvents(string file, string end, string historyCsv, string work)
    {
        var lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        foreach (var l in lines) Assert.Empty(global::AdaptiveEtl.Kit.Tests.Lineage.OpenLineageSchemas.Problems(l));
        var events = lines.Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["START", end], events.Select(e => e["eventType"]!.GetValue<string>()));
        Assert.Equal(events[0]["run"]!["runId"]!.GetValue<string>(), events[1]["run"]!["runId"]!.GetValue<string>());
        Assert.All(events, e => Assert.Equal("my-team/kit-run", $"{e["job"]!["namespace"]}/{e["job"]!["name"]}"));
        Assert.Contains(events[1]["inputs"]!.AsArray(), d => d!["namespace"]!.GetValue<string>() == "file" && d["name"]!.GetValue<string>() == Path.GetFullPath(historyCsv));
        Assert.Empty(events[0]["outputs"]!.AsArray()); // outputs once they exist
        var store = Assert.Single(events[1]["outputs"]!.AsArray(), d => d!["name"]!.GetValue<string>() == "etl_runs")!;
        Assert.Equal("duckdb://" + Path.Combine(Path.GetFullPath(work), "history.duckdb"), store["namespace"]!.GetValue<string>());
        var trigger = store["facets"]!["columnLineage"]!["fields"]!["trigger_time"]!["inputFields"]!.AsArray().Single()!;
        Assert.Equal(Path.GetFullPath(historyCsv), trigger["name"]!.GetValue<string>());
        Assert.Equal("trigger_time", trigger["field"]!.GetValue<string>());
        Assert.Equal("IDENTITY", trigger["transformations"]![0]!["subtype"]!.GetValue<string>());
        Assert.Contains(events[1]["outputs"]!.AsArray(), d => d!["name"]!.GetValue<string>() == Path.Combine(Path.GetFullPath(work), "report.html"));
    }

    [Fact]
    public void Init_writes_an_example_that_runs_as_is()
    {
        var config = Path.Combine(_dir, "proj", "kit.yaml");
        var init = Kit("init", "--output", config, "--samples", RepoPaths.DataSamples);
        Assert.True(init.ExitCode == 0, init.StdErr);
        Assert.StartsWith("# kit.yaml", File.ReadAllText(config), StringComparison.Ordinal);
        Assert.Equal(KitExitCode.Usage, Kit("init", "--output", config).ExitCode); // never overwrites without --force
        var r = Kit("run", "--config", config, "--max-history", "100", "--json");
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdErr}");
        using var json = JsonDocument.Parse(r.StdOut);
        Assert.Equal(4, json.RootElement.GetProperty("predictions").GetArrayLength()); // the sample's four pipelines
        Assert.True(File.Exists(Path.Combine(_dir, "proj", "work", "report.html")));
        // the example's proactive section replays the last 6 triggers of each pipeline; 0 leaves the section out
        Assert.All(json.RootElement.GetProperty("proactive").GetProperty("pipelines").EnumerateArray(), p => Assert.Equal(6, p.GetProperty("triggers").GetInt32()));
        File.WriteAllText(config, File.ReadAllText(config).Replace("replay_triggers: 6", "replay_triggers: 0", StringComparison.Ordinal));
        var without = Kit("run", "--config", config, "--max-history", "100", "--json");
        Assert.True(without.ExitCode == 0, without.StdErr);
        using var json2 = JsonDocument.Parse(without.StdOut);
        Assert.Equal(JsonValueKind.Null, json2.RootElement.GetProperty("proactive").ValueKind);
    }

    [Fact]
    public void A_batch_that_lost_a_column_is_inconclusive_and_fails_fail_on_drift()
    {
        // The current batch is the reference itself without its income column: every column compared matches, but one
        // could not be compared, so the verdict is inconclusive, never "no drift", and --fail-on-drift exits 3.
        var reference = Copy("customers_reference.csv", "crm/reference.csv");
        var lines = File.ReadAllLines(reference);
        int income = Array.IndexOf(lines[0].Split(','), "income");
        Assert.True(income > 0);
        File.WriteAllLines(Path.Combine(_dir, "mine", "crm", "current.csv"), lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != income))));
        var config = Path.Combine(_dir, "mine", "kit.yaml");
        File.WriteAllText(config, """
            drift:
              - name: crm
                reference: crm/reference.csv
                current: crm/current.csv
                columns: {id: customer_id}
            """);

        var failing = Kit("run", "--config", config, "--work", Path.Combine(_dir, "w1"), "--json", "--fail-on-drift");
        Assert.True(failing.ExitCode == KitExitCode.ThresholdBreached, $"exit {failing.ExitCode}\n{failing.StdErr}");
        using var json = JsonDocument.Parse(failing.StdOut);
        var drift = Assert.Single(json.RootElement.GetProperty("drift").EnumerateArray());
        Assert.Equal("inconclusive", drift.GetProperty("verdict").GetString());
        Assert.False(drift.GetProperty("drifted").GetBoolean());
        Assert.Contains("'income' MissingInCurrent", drift.GetProperty("inconclusive_reason").GetString());

        var plain = Kit("run", "--config", config, "--work", Path.Combine(_dir, "w2"));
        Assert.True(plain.ExitCode == KitExitCode.Ok, $"exit {plain.ExitCode}\n{plain.StdErr}");
        Assert.Contains("INCONCLUSIVE", plain.StdOut);
    }

    [Fact]
    public async Task Config_over_postgresql_tables_reads_history_and_drift_from_the_database()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await postgres.CreateDatabaseAsync("runcfg");
        await using (var conn = new Npgsql.NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = """
                    CREATE SCHEMA ops;
                    CREATE TABLE ops.etl_runs (run_id bigint, pipeline text, trigger_time timestamptz, start_time timestamptz, end_time timestamptz,
                      rows_in bigint, bytes_in bigint, file_count int, schema_version int, schema_hash text, ingestion_rate_rps double precision, outcome text);
                    CREATE TABLE public.orders (order_id bigint, amount double precision, status text);
                    CREATE TABLE ops.orders (order_id bigint, amount double precision, status text);
                    -- reference: amount 0..199; current (ops schema, same table name): amount shifted by +1000, so every test flags it.
                    INSERT INTO public.orders SELECT g, g, CASE WHEN g % 2 = 0 THEN 'paid' ELSE 'open' END FROM generate_series(0, 199) g;
                    INSERT INTO ops.orders SELECT g + 1000, g + 1000, CASE WHEN g % 2 = 0 THEN 'paid' ELSE 'open' END FROM generate_series(0, 199) g;
                    """;
                await cmd.ExecuteNonQueryAsync(ct);
            }
            var lines = File.ReadAllLines(RepoPaths.Sample("etl_runs.csv"));
            using (var writer = await conn.BeginTextImportAsync("COPY ops.etl_runs FROM STDIN (FORMAT csv, HEADER true)", ct))
            {
                // Only orders_daily (column 2), to keep the test short.
                await writer.WriteLineAsync(lines[0]);
                foreach (var l in lines.Skip(1).Where(l => l.Split(',')[1] == "orders_daily")) await writer.WriteLineAsync(l);
            }
        }
        var expectedRuns = File.ReadLines(RepoPaths.Sample("etl_runs.csv")).Skip(1).Count(l => l.Split(',')[1] == "orders_daily");
        var config = Path.Combine(_dir, "pg.yaml");
        File.WriteAllText(config, $$"""
            history:
              runs: {postgres: "{{cs}}", table: ops.etl_runs}
              max_runs: 60
            drift:
              - name: orders
                reference: {postgres: "{{cs}}", table: public.orders}
                current: {postgres: "{{cs}}", table: ops.orders}
            """);
        var work = Path.Combine(_dir, "w");
        // In process: the PostgreSQL fixture lives in this test process.
        var root = new RootCommand { RunCommand.Create() };
        int exit = await root.Parse(["run", "--config", config, "--work", work, "--fail-on-drift"]).InvokeAsync(cancellationToken: ct);
        Assert.Equal(KitExitCode.ThresholdBreached, exit);
        using var kit = EtlKit.Open(work);
        Assert.Equal(["orders_daily"], kit.History.Pipelines());
        Assert.Equal(expectedRuns, kit.History.GetRunRecords("orders_daily").Count);
        var html = await File.ReadAllTextAsync(Path.Combine(work, "report.html"), ct);
        Assert.Contains("Drift of the latest orders batch", html);
        Assert.Contains("PostgreSQL table ops.orders", html);
        Assert.DoesNotContain("Host=127.0.0.1", html); // the connection string (it may hold a password) is never printed
        Assert.Contains("order_id (id (inferred))", html); // a unique key named *_id is not tested
    }
    [Fact]
    public async Task Ctrl_c_stops_cleanly_with_exit_130_and_no_report()
    {
        var work = Path.Combine(_dir, "w");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { KitDll, "run", "--work", work, "--samples", RepoPaths.DataSamples, "--max-history", "100" }) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        // Interrupt while the triggers are being predicted (after the history import committed).
        string? line;
        do line = p.StandardOutput.ReadLine();
        while (line is not null && !line.StartsWith("predicting next triggers", StringComparison.Ordinal));
        Assert.NotNull(line);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", p.Id.ToString(CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "kit run did not stop after SIGINT");
        var err = await stderr;
        Assert.True(p.ExitCode == KitExitCode.Interrupted, $"exit {p.ExitCode}, stderr:\n{err}");
        Assert.Contains("kit run: interrupted", err); // our clean stop, not a forced exit
        Assert.False(File.Exists(Path.Combine(work, "report.html")));
        Assert.Empty(Directory.GetFiles(work, "*.tmp*"));
        using var kit = EtlKit.Open(work);
        Assert.Equal(9577, kit.History.GetRunRecords().Count); // the import committed whole before the interrupt
    }

    [Fact]
    public void Schema_section_reports_what_kit_schema_recommend_keeps()
    {
        var config = Path.Combine(_dir, "schema.yaml");
        var samples = RepoPaths.DataSamples;
        File.WriteAllText(config, $"""
            work: w
            schema:
              workload_log: {samples}/workload_log.csv
              access_log: {samples}/access_log.jsonl
              catalog: {samples}/star_catalog.json
              profiles: {samples}/profile_history.json
              min_risk: 0.5
              threshold: 4
            """);
        var run = Kit("run", "--config", config, "--json");
        Assert.True(run.ExitCode == 0, run.StdErr);
        // The same inputs and defaults through `kit schema recommend` (the command of notebook 06).
        var recommend = Kit("schema", "recommend", "--work", Path.Combine(_dir, "w2"), "--samples", samples, "--json");
        Assert.True(recommend.ExitCode == 0, recommend.StdErr);
        using var a = JsonDocument.Parse(run.StdOut);
        using var b = JsonDocument.Parse(recommend.StdOut);
        var fromRun = a.RootElement.GetProperty("schema").GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var fromRecommend = b.RootElement.GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.NotEmpty(fromRun);
        Assert.Equal(fromRecommend, fromRun);
        Assert.Contains("Schema recommendations", File.ReadAllText(Path.Combine(_dir, "w", "report.html")));
    }

    [Fact]
    public void Duckdb_tables_in_two_schemas_and_parquet_files_are_read_without_mixing()
    {
        var db = Path.Combine(_dir, "wh.duckdb");
        var parquet = Path.Combine(_dir, "current.parquet");
        using (var duck = new DuckDB.NET.Data.DuckDBConnection($"Data Source={db}"))
        {
            duck.Open();
            using var cmd = duck.CreateCommand();
            // main.orders and sales.orders share a name: amount is 0..299 in main, shifted by +1000 in sales (so reading the
            // wrong one turns a drift into none); the Parquet file holds exactly main.orders (no drift against it).
            cmd.CommandText = $"""
                CREATE SCHEMA sales;
                CREATE TABLE main.orders AS SELECT g AS order_id, g::DOUBLE AS amount, 'x' || (g % 3) AS status FROM range(300) t(g);
                CREATE TABLE sales.orders AS SELECT g AS order_id, g::DOUBLE + 1000 AS amount, 'x' || (g % 3) AS status FROM range(300) t(g);
                COPY main.orders TO '{parquet}' (FORMAT parquet);
                """;
            cmd.ExecuteNonQuery();
        }
        var config = Path.Combine(_dir, "duck.yaml");
        File.WriteAllText(config, """
            work: w
            drift:
              - name: same
                reference: {duckdb: wh.duckdb, table: main.orders}
                current: current.parquet
              - name: shifted
                reference: {duckdb: wh.duckdb, table: orders}
                current: {duckdb: wh.duckdb, table: sales.orders}
            """);
        var r = Kit("run", "--config", config, "--json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        var drift = json.RootElement.GetProperty("drift").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.False(drift["same"].GetProperty("drifted").GetBoolean());
        Assert.Equal(300, drift["same"].GetProperty("current_rows").GetInt64());
        var amount = drift["shifted"].GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("column").GetString() == "amount");
        Assert.True(amount.GetProperty("drifted").GetBoolean());
        Assert.Contains(drift["shifted"].GetProperty("not_tested").EnumerateArray(), e => e.GetProperty("column").GetString() == "order_id");
    }

}
