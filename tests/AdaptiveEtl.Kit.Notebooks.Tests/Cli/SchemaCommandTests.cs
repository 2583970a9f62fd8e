using System.CommandLine;
using System.Text.Json;
using AdaptiveEtl.Kit.Cli.Commands;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Cli;

/// <summary><c>kit schema recommend|apply|log</c> end to end on the committed samples, in a temporary work folder.</summary>
public class SchemaCommandTests
{
    private static Task<int> Kit(params string[] args) =>
        new RootCommand { SchemaCommands.Create() }.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Recommend_then_dry_run_then_log_leave_the_warehouse_unchanged_and_log_every_simulation()
    {
        var work = Path.Combine(Path.GetTempPath(), "aek-schema-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, await Kit("schema", "recommend", "--work", work, "--samples", RepoPaths.DataSamples));
            using var all = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work, "recommendations.json"), TestContext.Current.CancellationToken));

            int exit = await Kit("schema", "apply", "--work", work, "--samples", RepoPaths.DataSamples, "--window", "02:00-04:00", "--dry-run", "--create-sample", "--max", "2");
            Assert.Equal(0, exit);
            var warehouse = Path.Combine(work, "warehouse.duckdb");
            Assert.True(File.Exists(warehouse));

            // A dry run simulates on shadows only: the production warehouse holds no index afterwards.
            await using (var store = await AdaptiveEtl.Kit.SchemaEvolution.Controller.DuckDbSchemaChangeStore.OpenAsync(warehouse, TestContext.Current.CancellationToken))
            {
                var catalog = await store.DescribeAsync(new("star", "fact_sales"), TestContext.Current.CancellationToken);
                Assert.Empty(catalog.Indexes);
            }
            var lines = await File.ReadAllLinesAsync(Path.Combine(work, "schema-decisions.jsonl"), TestContext.Current.CancellationToken);
            // Two recommendations: each is proposed, then simulated (and possibly rejected) — never applied.
            Assert.Equal(2, lines.Count(l => l.Contains("\"Proposed\"", StringComparison.Ordinal) || l.Contains("\"proposed\"", StringComparison.Ordinal)));
            Assert.DoesNotContain(lines, l => l.Contains("\"Applied\"", StringComparison.OrdinalIgnoreCase));

            Assert.Equal(0, await Kit("schema", "log", "--work", work, "--json"));
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_inputs_get_the_documented_exit_codes()
    {
        var work = Path.Combine(Path.GetTempPath(), "aek-schema-bad-" + Guid.NewGuid().ToString("N"));
        var empty = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aek-schema-empty-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            Assert.Equal(KitExitCode.BadInput, await Kit("schema", "recommend", "--work", work, "--samples", empty));
            Assert.Equal(KitExitCode.Usage, await Kit("schema", "apply", "--work", work, "--samples", RepoPaths.DataSamples, "--window", "late evening", "--dry-run"));
            Assert.NotEqual(0, await Kit("schema", "apply", "--work", work)); // --window is required
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
            Directory.Delete(empty, recursive: true);
        }
    }
}
