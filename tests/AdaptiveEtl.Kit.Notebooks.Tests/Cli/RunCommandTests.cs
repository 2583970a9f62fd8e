using System.CommandLine;
using AdaptiveEtl.Kit.Cli.Commands;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Cli;

/// <summary>The kit's main job, <c>kit run</c>, end to end on generated sample data in a temporary work folder.</summary>
public class RunCommandTests
{
    [Fact]
    public async Task Kit_run_writes_stores_and_a_report_with_every_section()
    {
        var work = Path.Combine(Path.GetTempPath(), "aek-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            var root = new RootCommand { RunCommand.Create() };
            int exit = await root.Parse(["run", "--work", work, "--max-history", "150", "--fail-on-drift"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            // The generated customer batch drifts by construction (data-samples/README.md), so --fail-on-drift must exit 3.
            Assert.Equal(3, exit);
            Assert.True(File.Exists(Path.Combine(work, "history.duckdb")));
            Assert.True(File.Exists(Path.Combine(work, "lineage.duckdb")));
            var html = await File.ReadAllTextAsync(Path.Combine(work, "report.html"), TestContext.Current.CancellationToken);
            foreach (var pipeline in new[] { "orders_daily", "clickstream_hourly", "inventory_weekly", "partner_feed" })
                Assert.Contains(pipeline, html);
            Assert.Contains("Drift of the latest customer batch", html);
            Assert.Contains("Lineage", html);
            Assert.Contains("raw.legacy_events", html); // an unused table's columns are listed
            Assert.Contains("Plotly.newPlot", html);
            // Offline: plotly.js is inlined, no script is loaded from the network (plotly.js itself mentions its CDN in a config default).
            Assert.DoesNotMatch("<script[^>]*\\bsrc\\s*=\\s*[\"']?https?:", html);

            // A second run over the same work folder is idempotent (history upserted, lineage replaced).
            int again = await root.Parse(["run", "--work", work, "--max-history", "150"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(0, again);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Kit_run_names_a_missing_input_file()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aek-run-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var root = new RootCommand { RunCommand.Create() };
            // An empty samples folder: the run stops with exit code 2 and an error naming the missing file (not a crash).
            int exit = await root.Parse(["run", "--work", Path.Combine(dir, "w"), "--samples", dir]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(2, exit);
            Assert.False(File.Exists(Path.Combine(dir, "w", "report.html")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
