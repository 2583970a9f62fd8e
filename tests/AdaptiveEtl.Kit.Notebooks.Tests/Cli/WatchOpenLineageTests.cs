using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Proactive.Staging;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using AdaptiveEtl.Kit.Tests.Lineage;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Cli;

/// <summary>
/// <c>kit watch --config kit.yaml</c> with an <c>openlineage</c> section, as a child process over copies of the sample
/// landing files: every pipeline run emits START then COMPLETE (or FAIL with the error), one run id per run, the pipeline
/// as job, the landing folder and staging table as inputs and the target as output with an identity column-lineage facet
/// whose fields are the landing files' header columns (read here from the CSV itself). Every event is checked against
/// the official OpenLineage schemas; an unreachable backend is a warning and the pipeline still publishes.
/// </summary>
public sealed class WatchOpenLineageTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly string[] Files = ["orders_2025-12-01.csv", "orders_2025-12-02.csv", "orders_2025-12-03.csv", "orders_2025-12-04.csv"];
    private readonly string _dir = Directory.CreateTempSubdirectory("aek-watch-ol-").FullName;

    private static string KitDll => Path.Combine(AppContext.BaseDirectory, "kit.dll");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;

    private void Land(string folder, params string[] files)
    {
        foreach (var f in files) File.Copy(RepoPaths.Sample(Path.Combine("landing", f)), Path.Combine(_dir, folder, f));
    }

    /// <summary>The header of a landing file: the columns the pipeline copies into its target.</summary>
    private static string[] Header(string file) => File.ReadLines(RepoPaths.Sample(Path.Combine("landing", file))).First().Split(',');

    private string Config(string openlineage)
    {
        var path = Path.Combine(_dir, "kit.yaml");
        File.WriteAllText(path, $"""
            work: work
            proactive:
              pipelines:
                - {"{"}name: orders_a, source: a, target: orders_a{"}"}
                - {"{"}name: orders_b, source: b, target: orders_b{"}"}
            openlineage:
            {openlineage}
            """);
        return path;
    }

    private static ProcessRunner.Result Watch(string config) => ProcessRunner.Run("dotnet", [KitDll, "watch", "--config", config, "--once"], Timeout);

    private string StagingDb => Path.Combine(_dir, "work", "staging.duckdb");

    /// <summary>Asserts the events are valid OpenLineage and come as START → end pairs per run id; returns them per run.</summary>
    private static Dictionary<string, List<JsonNode>> Runs(IReadOnlyList<string> lines)
    {
        foreach (var l in lines) Assert.Empty(OpenLineageSchemas.Problems(l));
        var events = lines.Select(l => JsonNode.Parse(l)!).ToList();
        var runs = events.GroupBy(e => e["run"]!["runId"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (_, run) in runs)
        {
            Assert.Equal(2, run.Count);
            Assert.Equal("START", run[0]["eventType"]!.GetValue<string>());
            Assert.Contains(run[1]["eventType"]!.GetValue<string>(), new[] { "COMPLETE", "FAIL" });
            Assert.Equal(run[0]["job"]!.ToJsonString(), run[1]["job"]!.ToJsonString());
            Assert.Empty(run[0]["outputs"]!.AsArray());
        }
        return runs;
    }

    private static string Job(List<JsonNode> run) => run[0]["job"]!["name"]!.GetValue<string>();

    private void AssertComplete(List<JsonNode> run, string folder, string target)
    {
        var complete = run[1];
        Assert.Equal("COMPLETE", complete["eventType"]!.GetValue<string>());
        Assert.Equal("adaptive-etl-kit", complete["job"]!["namespace"]!.GetValue<string>());
        var landing = Path.Combine(_dir, folder);
        var inputs = complete["inputs"]!.AsArray().Select(d => (d!["namespace"]!.GetValue<string>(), d["name"]!.GetValue<string>())).ToList();
        // the landing zone's source name is its folder's name
        Assert.Equal([("file", landing), ("duckdb://" + StagingDb, StagingStore.StagingTableName(Job(run), folder))], inputs);
        var output = Assert.Single(complete["outputs"]!.AsArray())!;
        Assert.Equal("duckdb://" + StagingDb, output["namespace"]!.GetValue<string>());
        Assert.Equal(target, output["name"]!.GetValue<string>());
        var fields = output["facets"]!["columnLineage"]!["fields"]!.AsObject();
        Assert.Equal(Header(Files[0]).Order(StringComparer.Ordinal), fields.Select(f => f.Key).Order(StringComparer.Ordinal));
        foreach (var (name, field) in fields)
        {
            var sources = field!["inputFields"]!.AsArray();
            Assert.Equal([landing, inputs[1].Item2], sources.Select(s => s!["name"]!.GetValue<string>()));
            Assert.All(sources, s => Assert.Equal(name, s!["field"]!.GetValue<string>()));
            Assert.All(sources, s => Assert.Equal("IDENTITY", s!["transformations"]![0]!["subtype"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Every_pipeline_run_emits_START_then_COMPLETE_with_its_own_run_id_to_a_file()
    {
        Folder("a"); Folder("b");
        Land("a", Files[0], Files[1]);
        Land("b", Files[2], Files[3]);
        var config = Config("  file: events/ol.jsonl\n  namespace: my-team");
        var r = Watch(config);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdOut}\n{r.StdErr}");
        var file = Path.Combine(_dir, "events", "ol.jsonl");
        var runs = Runs(File.ReadAllLines(file));
        Assert.Equal(["orders_a", "orders_b"], runs.Values.Select(Job).Order(StringComparer.Ordinal));
        Assert.All(runs.Values, run => Assert.Equal("my-team", run[1]["job"]!["namespace"]!.GetValue<string>()));

        // a second pass with one new file: one more run, for orders_a only, with a new run id
        Land("a", "orders_2025-12-05.csv");
        var again = Watch(config);
        Assert.True(again.ExitCode == 0, again.StdErr);
        var all = Runs(File.ReadAllLines(file));
        Assert.Equal(3, all.Count);
        var third = Assert.Single(all, p => !runs.ContainsKey(p.Key)).Value;
        Assert.Equal("orders_a", Job(third));
        Assert.Equal("COMPLETE", third[1]["eventType"]!.GetValue<string>());
    }

    [Fact]
    public void Events_name_the_landing_zone_the_staging_table_and_the_target_with_identity_column_lineage()
    {
        Folder("a"); Folder("b");
        Land("a", Files[0]);
        Land("b", Files[1]);
        var r = Watch(Config("  file: ol.jsonl"));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdErr}");
        var runs = Runs(File.ReadAllLines(Path.Combine(_dir, "ol.jsonl")));
        AssertComplete(runs.Values.Single(run => Job(run) == "orders_a"), "a", "orders_a");
        AssertComplete(runs.Values.Single(run => Job(run) == "orders_b"), "b", "orders_b");
    }

    [Fact]
    public void A_failing_run_emits_FAIL_with_the_error_and_the_other_pipeline_still_completes()
    {
        Folder("a"); Folder("b");
        Land("a", Files[0]);
        Land("b", Files[1]);
        Directory.CreateDirectory(Path.Combine(_dir, "work"));
        // orders_b's target exists and refuses every row: its publish fails inside the run
        using (var conn = new DuckDBConnection($"DataSource={StagingDb}"))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "CREATE TABLE orders_b (order_id BIGINT CHECK (order_id < 0), customer_id BIGINT, order_ts VARCHAR, amount DOUBLE, status VARCHAR)";
            cmd.ExecuteNonQuery();
        }
        var r = Watch(Config("  file: ol.jsonl"));
        Assert.Equal(KitExitCode.BadInput, r.ExitCode);
        var runs = Runs(File.ReadAllLines(Path.Combine(_dir, "ol.jsonl")));
        var failed = runs.Values.Single(run => Job(run) == "orders_b");
        Assert.Equal("FAIL", failed[1]["eventType"]!.GetValue<string>());
        var message = failed[1]["run"]!["facets"]!["errorMessage"]!["message"]!.GetValue<string>();
        Assert.Contains("orders_b", message);
        Assert.Contains("do not fit the target", message);
        Assert.Empty(failed[1]["outputs"]!.AsArray());
        AssertComplete(runs.Values.Single(run => Job(run) == "orders_a"), "a", "orders_a");
    }

    [Fact]
    public void Events_are_posted_to_an_http_backend()
    {
        Folder("a"); Folder("b");
        Land("a", Files[0]);
        Land("b", Files[1]);
        using var server = new LoopbackLineageServer(_ => new LoopbackLineageServer.Reply(201));
        var r = Watch(Config($"  url: {server.BaseUrl.AbsoluteUri.TrimEnd('/')}\n  api_key: secret-key"));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdErr}");
        Assert.Equal("", r.StdErr.Trim());
        var requests = server.Requests;
        Assert.All(requests, q => Assert.Equal(("POST", "/api/v1/lineage", "Bearer secret-key"), (q.Method, q.Path, q.Authorization)));
        // Delivery is at least once: on a loaded machine an attempt can time out after the server took it, and the retry
        // posts the same event again (same run id, type and time). Four distinct events, each posted whole.
        var distinct = requests.Select(q => q.Body).DistinctBy(b =>
        {
            var e = JsonNode.Parse(b)!;
            return (e["run"]!["runId"]!.GetValue<string>(), e["eventType"]!.GetValue<string>(), e["eventTime"]!.GetValue<string>());
        }).ToList();
        Assert.Equal(4, distinct.Count);
        var runs = Runs(distinct);
        Assert.Equal(["orders_a", "orders_b"], runs.Values.Select(Job).Order(StringComparer.Ordinal));
        Assert.All(runs.Values, run => Assert.Equal("COMPLETE", run[1]["eventType"]!.GetValue<string>()));
    }

    [Fact]
    public void An_unreachable_backend_is_a_warning_and_the_pipelines_still_publish()
    {
        Folder("a"); Folder("b");
        Land("a", Files[0]);
        Land("b", Files[1]);
        var r = Watch(Config($"  url: http://127.0.0.1:{LoopbackLineageServer.FreePort()}"));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\n{r.StdErr}");
        Assert.Contains("OpenLineage START event", r.StdErr);
        Assert.Contains("OpenLineage COMPLETE event", r.StdErr);
        Assert.Contains("was not delivered", r.StdErr);
        int rows = File.ReadLines(RepoPaths.Sample(Path.Combine("landing", Files[0]))).Count() - 1;
        Assert.Contains($"orders_a: published {rows} rows into orders_a", r.StdOut);
    }
}
