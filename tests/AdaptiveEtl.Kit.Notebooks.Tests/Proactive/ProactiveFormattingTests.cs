using AdaptiveEtl.Kit.Notebooks.Formatting;
using AdaptiveEtl.Kit.Notebooks.Tests.Formatting;
using AdaptiveEtl.Kit.Proactive.SchemaChecks;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;
using Microsoft.DotNet.Interactive.Formatting;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Proactive;

/// <summary>
/// The staging state and the schema-check report display as HTML tables. Real values: two files of the sample landing
/// zone staged by the real store — 2025-12-08 (first schema) and 2025-12-09, whose <c>customer_id</c> turned from integers
/// into text like <c>C003313</c> and which gained a <c>discount</c> column (see the file's first lines).
/// </summary>
[Collection(FormatterCollection.Name)]
public sealed class ProactiveFormattingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kit-proactive-html-");

    public ProactiveFormattingTests() => KitFormatters.Register();

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Landing(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data-samples", "landing", file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("data-samples/landing/" + file + " not found above " + AppContext.BaseDirectory);
    }

    private async Task<(StagingStore Store, StageOutcome First, StageOutcome Second)> StageBothAsync()
    {
        var landing = Directory.CreateDirectory(Path.Combine(_dir.FullName, "landing")).FullName;
        var store = StagingStore.Open(":memory:");
        var connector = new LandingZoneConnector(landing, "orders_files", new LandingZoneOptions { Pattern = "orders_*.csv" });
        File.Copy(Landing("orders_2025-12-08.csv"), Path.Combine(landing, "orders_2025-12-08.csv"));
        var first = await store.StageAsync("orders_daily", connector, cancellationToken: TestContext.Current.CancellationToken);
        File.Copy(Landing("orders_2025-12-09.csv"), Path.Combine(landing, "orders_2025-12-09.csv"));
        var second = await store.StageAsync("orders_daily", connector, cancellationToken: TestContext.Current.CancellationToken);
        return (store, first, second);
    }

    [Fact]
    public async Task A_blocked_staging_state_displays_as_a_table_naming_the_source_rows_and_the_block()
    {
        var (store, first, second) = await StageBothAsync();
        using var _ = store;
        Assert.Equal(StageStatus.Staged, first.Status);
        Assert.Equal(StageStatus.BlockedBySchema, second.Status);
        var state = await store.GetStateAsync("orders_daily", TestContext.Current.CancellationToken);
        var html = Formatter.ToDisplayString(state, "text/html");
        Assert.Contains("kit-stage-state", html);
        Assert.Contains("orders_files", html);
        Assert.Contains("BLOCKED", html);
        Assert.Contains("customer_id", html);
        // the staged row count is the 12-08 file's data lines (wc -l minus the header)
        long rows = File.ReadLines(Landing("orders_2025-12-08.csv")).Count() - 1;
        Assert.Contains($">{rows:N0}<", html);
        Assert.Equal(state.ToString(), Formatter.ToDisplayString(state, "text/plain"));
    }

    [Fact]
    public async Task The_schema_check_report_of_the_2025_12_09_change_marks_the_incompatible_change_in_red()
    {
        var (store, _, second) = await StageBothAsync();
        using var __ = store;
        var report = Assert.IsType<SchemaCheckReport>(second.BlockingReport);
        var html = Formatter.ToDisplayString(report, "text/html");
        Assert.Contains("kit-schema-check", html);
        Assert.Contains("incompatible", html);
        Assert.Contains("<code>customer_id</code>", html);
        Assert.Contains("<code>discount</code>", html);
        Assert.Contains("color:#D55E00", html);
        Assert.Contains($"{report.Incompatible.Count} incompatible", html);
        Assert.True(report.Incompatible.Count >= 1);
    }
}
