using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.View;
using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Notebooks.Reports;
using AdaptiveEtl.Kit.Samples;
using AdaptiveEtl.Kit.Triggers;
using Spectre.Console;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit run</c>: the kit's end-to-end batch job on the embedded defaults. It loads the run history into a DuckDB store
/// under the work folder, predicts the next trigger (time and volume, calibrated) of every pipeline, checks the latest
/// customer batch for drift, captures column-level lineage from the query log into a DuckDB lineage store, and writes one
/// offline HTML report. Without inputs it generates the sample data set into the work folder first.
/// </summary>
public static class RunCommand
{
    /// <summary>Creates the <c>run</c> command.</summary>
    public static Command Create()
    {
        var work = new Option<string>("--work") { Description = "Work folder for the DuckDB stores, samples and report", DefaultValueFactory = _ => "work" };
        var samples = new Option<string?>("--samples") { Description = "Folder with the sample layout (etl_runs.csv, holidays.csv, customers_*.csv, query_log.csv, warehouse_catalog.json); default: generate it into <work>/samples" };
        var report = new Option<string?>("--report") { Description = "Path of the HTML report; default <work>/report.html" };
        var maxHistory = new Option<int>("--max-history") { Description = "Most recent runs per pipeline used for prediction", DefaultValueFactory = _ => 400 };
        var failOnDrift = new Option<bool>("--fail-on-drift") { Description = "Exit with code 3 when the current customer batch drifts" };
        var command = new Command("run", "End-to-end batch run: history store, trigger predictions, drift check, lineage capture, HTML report");
        command.Options.Add(work);
        command.Options.Add(samples);
        command.Options.Add(report);
        command.Options.Add(maxHistory);
        command.Options.Add(failOnDrift);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await RunAsync(parse.GetValue(work)!, parse.GetValue(samples), parse.GetValue(report), parse.GetValue(maxHistory),
                    parse.GetValue(failOnDrift), ct);
            }
            catch (KitDataException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string workDirectory, string? samplesDirectory, string? reportPath, int maxHistory,
        bool failOnDrift, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        using var kit = EtlKit.Open(workDirectory);
        var dir = samplesDirectory ?? Path.Combine(kit.WorkDirectory!, "samples");
        if (samplesDirectory is null)
        {
            SampleDataGenerator.Generate(dir);
            AnsiConsole.MarkupLineInterpolated($"[grey]sample data generated into {dir}[/]");
        }
        string Input(string name)
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) throw new KitDataException($"expected input file '{name}' is missing.", dir);
            return path;
        }
        var html = new HtmlReport("AdaptiveEtl.Kit batch run",
            $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · work folder {kit.WorkDirectory} · inputs {dir}");

        // 1. Run history → store → next-trigger predictions.
        var imported = kit.ImportRuns(Input("etl_runs.csv"));
        AnsiConsole.MarkupLineInterpolated($"[green]history[/]: {imported.Runs} runs imported from {imported.Source}");
        var options = new TriggerPredictionOptions { Levels = [0.8, 0.95], MaxHistory = maxHistory };
        var predictions = new List<TriggerPrediction>();
        await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var pipelines = kit.History.Pipelines();
                var task = progress.AddTask("predicting next triggers", maxValue: pipelines.Count);
                foreach (var pipeline in pipelines)
                {
                    ct.ThrowIfCancellationRequested();
                    task.Description = $"predicting {pipeline}";
                    predictions.Add(await Task.Run(() => kit.PredictNextTrigger(pipeline, options: options, holidaysCsv: Input("holidays.csv")), ct));
                    task.Increment(1);
                }
                task.Description = "predicted next triggers";
            });
        var table = new Table().AddColumns("pipeline", "expected trigger", "80% window", "rows (point)", "model");
        foreach (var p in predictions)
        {
            var window = p.Interval(0.8);
            table.AddRow(p.Pipeline, p.ExpectedTrigger.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                $"{window.From:MM-dd HH:mm} – {window.To:MM-dd HH:mm}", p.Rows.Point.ToString("N0", CultureInfo.InvariantCulture),
                string.Join(", ", p.Models.Select(m => $"{m.Target}: {m.Model}")));
        }
        AnsiConsole.Write(table);
        html.Heading("Next triggers").Paragraph(
            "For each pipeline: when the next trigger is expected, with conformally calibrated windows, and how much data it brings. " +
            "Models were chosen per pipeline and target by a rolling-origin backtest.");
        foreach (var p in predictions)
        {
            html.Heading(p.Pipeline, 3).Add(p).Chart(ForecastCharts.TriggerDistribution(p));
        }

        // 2. Drift of the latest customer batch.
        var drift = kit.CompareDrift(Input("customers_reference.csv"), Input("customers_drifted.csv"));
        AnsiConsole.MarkupLineInterpolated($"[{(drift.DatasetDrifted ? "yellow" : "green")}]drift[/]: {drift.DriftedShare:P0} of columns drifted, signal {drift.Signal:F2}");
        html.Heading("Drift of the latest customer batch").Add(drift).Chart(DriftCharts.ColumnSignals(drift));

        // 3. Lineage from the query log → lineage store.
        var graph = kit.CaptureLineage(Input("query_log.csv"), Input("warehouse_catalog.json"), out var parseReport);
        await using (var store = await kit.OpenLineageStoreAsync(ct))
        {
            await store.ReplaceAsync(graph, ct);
        }
        var catalog = LineageCatalog.FromJsonFile(Input("warehouse_catalog.json"));
        var unusedColumns = graph.UnusedColumns(catalog);
        AnsiConsole.MarkupLineInterpolated($"[green]lineage[/]: {parseReport.Statements.Count} statements parsed, {parseReport.Failures.Count} skipped, {unusedColumns.Count} unused columns");
        html.Heading("Lineage").Add(parseReport).Add(LineageGraphView.Tables(graph))
            .Paragraph("Never-read columns (candidates for removal): " + string.Join(", ", unusedColumns.Select(c => c.ToString())));

        var output = Path.GetFullPath(reportPath ?? Path.Combine(kit.WorkDirectory!, "report.html"));
        html.Save(output);
        AnsiConsole.MarkupLineInterpolated($"report: [link]{output}[/] ({total.Elapsed.TotalSeconds:F0} s)");
        return failOnDrift && drift.DatasetDrifted ? 3 : 0;
    }
}
