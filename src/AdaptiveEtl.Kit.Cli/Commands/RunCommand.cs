using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Cli.Config;
using AdaptiveEtl.Kit.Cli.Output;
using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.Reporting;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.View;
using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Notebooks.Reports;
using AdaptiveEtl.Kit.Samples;
using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.Triggers;
using Spectre.Console;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit run</c>: the kit's end-to-end batch job. With <c>--config kit.yaml</c> it runs on the user's data (see
/// <see cref="KitConfigReader"/>; <c>kit init</c> writes an example); without it, on the sample layout (generated into the
/// work folder unless <c>--samples</c> names one). It imports the run history into a DuckDB store under the work folder,
/// predicts the next trigger (time and volume, calibrated) of every pipeline, checks each drift dataset, captures
/// column-level lineage from the query logs into a DuckDB lineage store, optionally adds schema recommendations, and
/// writes one offline HTML report (atomically). Flags override the config file.
/// </summary>
/// <remarks>
/// Exit codes (<see cref="KitExitCode"/>): 0 ok, 1 usage, 2 bad input (the message on stderr names the file, line,
/// key or column), 3 a dataset drifted with <c>--fail-on-drift</c>, 130 interrupted (nothing half-written: the history
/// import is one transaction, the report is moved into place only when complete).
/// </remarks>
public static class RunCommand
{
    /// <summary>Creates the <c>run</c> command.</summary>
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "kit.yaml (or .json) describing your data: history, drift datasets, lineage, schema (`kit init` writes an example)" };
        var work = new Option<string?>("--work") { Description = "Work folder for the DuckDB stores, samples and report (default: the config's 'work', else ./work)" };
        var samples = new Option<string?>("--samples") { Description = "Without --config: folder with the sample layout (etl_runs.csv, holidays.csv, customers_*.csv, query_log.csv, warehouse_catalog.json); default: generate it into <work>/samples" };
        var report = new Option<string?>("--report") { Description = "Path of the HTML report; default: the config's 'report', else <work>/report.html" };
        var maxHistory = new Option<int?>("--max-history") { Description = "Most recent runs per pipeline used for prediction (default: the config's history.max_runs, else 400)" };
        var failOnDrift = new Option<bool>("--fail-on-drift") { Description = "Exit with code 3 when a drift dataset drifts or its comparison is inconclusive" };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary on stdout (human output goes to stderr)" };
        var command = new Command("run", "End-to-end batch run: history store, trigger predictions, drift checks, lineage capture, HTML report");
        foreach (var o in new Option[] { config, work, samples, report, maxHistory, failOnDrift, json }) command.Options.Add(o);
        command.Validators.Add(result =>
        {
            if (result.GetValue(config) is not null && result.GetValue(samples) is not null) result.AddError("--config and --samples exclude each other.");
            if (result.GetValue(maxHistory) is < 2) result.AddError("--max-history must be at least 2.");
        });
        command.SetAction(async (parse, ct) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var finished = new ManualResetEventSlim();
            // Ctrl-C / SIGTERM: cancel, and hold the signal until the run has stopped at a clean point (bounded), so the
            // process never exits in the middle of a store transaction or a report write.
            // A step in flight (one pipeline's prediction) is not cut short, so the hold is generous.
            void OnSignal(PosixSignalContext c)
            {
                c.Cancel = true;
                // A signal racing the end of the command finds the token source or the event disposed: nothing left to stop.
                try
                {
                    if (!stop.IsCancellationRequested) Console.Error.WriteLine("kit run: interrupting after the current step…");
                    stop.Cancel();
                    finished.Wait(TimeSpan.FromSeconds(120));
                }
                catch (ObjectDisposedException) { }
            }
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            var console = new KitConsole(parse.GetValue(json));
            KitRunLineage? lineage = null;
            try
            {
                var plan = parse.GetValue(config) is { } path ? KitConfigReader.Read(path) : null;
                var workDirectory = parse.GetValue(work) ?? plan?.Work ?? "work";
                var reportPath = parse.GetValue(report) ?? plan?.Report;
                // the run's own OpenLineage events (kit.yaml's openlineage section): START now, COMPLETE/FAIL/ABORT at the end
                lineage = plan is null ? null
                    : KitRunLineage.For(plan, workDirectory, Path.GetFullPath(reportPath ?? Path.Combine(Path.GetFullPath(workDirectory), "report.html")));
                if (lineage is not null) await lineage.StartAsync(stop.Token);
                var exit = await RunAsync(console, plan, workDirectory, parse.GetValue(samples), reportPath,
                    parse.GetValue(maxHistory) ?? plan?.History?.MaxRuns ?? 400, parse.GetValue(failOnDrift) || plan?.FailOnDrift == true, stop.Token);
                if (lineage is not null) await lineage.CompleteAsync(stop.Token);
                return exit;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                Console.Error.WriteLine("kit run: interrupted; the stores are consistent and no report was half-written.");
                if (lineage is not null) await lineage.AbortAsync();
                return KitExitCode.Interrupted;
            }
            catch (KitDataException e)
            {
                KitConsole.Error("kit run", e.Message);
                if (lineage is not null) await lineage.FailAsync(e.Message, CancellationToken.None);
                return KitExitCode.BadInput;
            }
            finally
            {
                lineage?.Dispose();
                finished.Set();
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(KitConsole console, KitConfig? plan, string workDirectory, string? samplesDirectory, string? reportPath,
        int maxHistory, bool failOnDrift, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        using var kit = EtlKit.Open(workDirectory);
        var summary = new JsonObject { ["config"] = plan?.Path, ["work"] = kit.WorkDirectory };
        if (plan is null)
        {
            var dir = samplesDirectory ?? Path.Combine(kit.WorkDirectory!, "samples");
            if (samplesDirectory is null)
            {
                SampleDataGenerator.Generate(dir);
                console.Line("samples", $"sample data generated into {dir}", "grey");
            }
            plan = SampleLayout.Describe(dir);
        }
        var output = Path.GetFullPath(reportPath ?? Path.Combine(kit.WorkDirectory!, "report.html"));
        var jsonOutput = JsonTwinPath(output);
        var html = new HtmlReport("AdaptiveEtl.Kit batch run",
            $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC · work folder {kit.WorkDirectory} · inputs {plan.Path} · the same content for machines: {Path.GetFileName(jsonOutput)}");
        var c = CultureInfo.InvariantCulture;

        // 1. Run history → store → next-trigger predictions.
        if (plan.History is { } history)
        {
            var imports = new JsonArray();
            foreach (var source in history.Sources)
            {
                ct.ThrowIfCancellationRequested();
                var imported = TableLoader.ImportRuns(kit.History, source, ct);
                console.Line("history", $"{imported.Runs} runs imported from {source.DisplayName}");
                imports.Add(new JsonObject { ["source"] = source.DisplayName, ["runs"] = imported.Runs });
            }
            var known = kit.History.Pipelines();
            var missing = history.Pipelines.Where(p => !known.Contains(p, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
                throw new KitDataException($"history.pipelines names {string.Join(", ", missing.Select(p => $"'{p}'"))}, which the run history does not hold; known pipelines: {string.Join(", ", known)}.", plan.Path);
            var pipelines = history.Pipelines.Count > 0 ? history.Pipelines : known;
            var options = new TriggerPredictionOptions { Levels = [0.8, 0.95], MaxHistory = maxHistory };
            var predictions = new List<TriggerPrediction>();
            await console.ForEachAsync("predicting next triggers", pipelines, p => p, async pipeline =>
                predictions.Add(await Task.Run(() => kit.PredictNextTrigger(pipeline, options: options, holidaysCsv: history.Holidays), ct)), ct);
            WritePredictions(console, predictions);
            html.Heading("Next triggers").Paragraph(
                "For each pipeline: when the next trigger is expected (UTC clock time), with conformally calibrated windows, and how much data it brings. " +
                "Models were chosen per pipeline and target by a rolling-origin backtest.");
            if (predictions.Count > 0) html.Chart(TriggerWindowCharts.Timeline(predictions), "Calibrated windows of every pipeline's next trigger; the marker label gives the expected time and the predicted rows.");
            foreach (var p in predictions)
            {
                html.Heading(p.Pipeline, 3).Add(p).Chart(TriggerWindowCharts.WindowVolume(p),
                    "Each box spans a trigger window (x) and the rows interval at the same level (y); the marker is the point prediction.");
            }
            summary["history"] = new JsonObject { ["imported"] = imports };
            ct.ThrowIfCancellationRequested();
            var replayTriggers = plan.Proactive?.ReplayTriggers ?? ProactiveConfig.DefaultReplayTriggers;
            summary["proactive"] = replayTriggers == 0 ? null
                : await ProactiveReplaySection.AddAsync(html, kit.History, pipelines, replayTriggers, (label, text) => console.Line(label, text), ct);
            summary["predictions"] = new JsonArray(predictions.Select(p => (JsonNode)new JsonObject
            {
                ["pipeline"] = p.Pipeline,
                ["expected_trigger"] = p.ExpectedTrigger.ToString("O", c),
                ["window_80"] = Window(p.Interval(0.8)),
                ["window_95"] = Window(p.Interval(0.95)),
                ["rows_point"] = Number(p.Rows.Point),
                ["models"] = new JsonArray(p.Models.Select(m => (JsonNode)new JsonObject { ["target"] = m.Target, ["model"] = m.Model }).ToArray()),
                ["prediction"] = p.ToJson(),
            }).ToArray());
        }

        // 2. Drift of each dataset.
        var driftJson = new JsonArray();
        bool anyDrift = false;
        foreach (var dataset in plan.Drift)
        {
            ct.ThrowIfCancellationRequested();
            var reference = TableLoader.Load(dataset.Reference, ct);
            var currentBatch = TableLoader.Load(dataset.Current, ct);
            var (driftOptions, excluded) = IdInference.Apply(dataset, reference);
            var drift = kit.CompareDrift(reference, currentBatch, driftOptions);
            var datasetReport = DriftDatasetReport.Create(dataset.Name, reference, currentBatch, drift, driftOptions);
            // An inconclusive comparison fails --fail-on-drift too: data that could not be compared is never "no drift".
            anyDrift |= drift.Verdict != DriftVerdict.NoDrift;
            console.Line($"drift {dataset.Name}", string.Create(c, $"{(drift.Verdict == DriftVerdict.Inconclusive ? "INCONCLUSIVE (" + drift.InconclusiveReason + "); " : "")}{drift.DriftedShare:P0} of {drift.ComparedColumns} columns drifted, signal {drift.Signal:F2}{(excluded.Count == 0 ? "" : "; not tested: " + string.Join(", ", excluded.Select(e => $"{e.Column} ({e.Role})")))}"),
                drift.Verdict == DriftVerdict.NoDrift ? "green" : "yellow");
            html.Heading($"Drift of the latest {dataset.Name} batch")
                .Paragraph(string.Create(c, $"Reference {dataset.Reference.DisplayName} ({drift.ReferenceRows:N0} rows), current {dataset.Current.DisplayName} ({drift.CurrentRows:N0} rows).")
                    + (excluded.Count == 0 ? "" : " Not tested for drift: " + string.Join(", ", excluded.Select(e => $"{e.Column} ({e.Role})")) + ".")
                    + (dataset.Roles.Target is { } target ? $" Target column: {target}." : ""))
                .Add(datasetReport).Chart(DriftCharts.ColumnSignals(drift));
            var entry = DriftJson(dataset, drift, excluded);
            foreach (var (key, value) in datasetReport.ToJson().Where(kv => kv.Key != "name").ToList())
                entry[key == "drift" ? "details" : key] = value?.DeepClone();
            driftJson.Add(entry);
        }
        summary["drift"] = driftJson;

        // 3. Lineage from the query logs → lineage store.
        if (plan.Lineage is { } lineage)
        {
            ct.ThrowIfCancellationRequested();
            var (graph, parseReport) = kit.CaptureLineage(lineage.QueryLogs, lineage.Catalog);
            await using (var store = await kit.OpenLineageStoreAsync(ct))
            {
                await store.ReplaceAsync(graph, ct);
            }
            var unusedColumns = lineage.Catalog is null ? [] : graph.UnusedColumns(LineageCatalog.FromJsonFile(lineage.Catalog));
            console.Line("lineage", $"{parseReport.Statements.Count} statements parsed, {parseReport.Failures.Count} skipped, {unusedColumns.Count} unused columns");
            html.Heading("Lineage").Add(parseReport).Add(LineageGraphView.Tables(graph));
            if (lineage.Catalog is not null)
                html.Paragraph("Never-read columns (candidates for removal): " + string.Join(", ", unusedColumns.Select(u => u.ToString())));
            summary["lineage"] = new JsonObject
            {
                ["statements"] = parseReport.Statements.Count,
                ["skipped"] = parseReport.Failures.Count,
                ["unused_columns"] = new JsonArray(unusedColumns.Select(u => (JsonNode)JsonValue.Create(u.ToString())!).ToArray()),
            };
        }

        // 4. Schema recommendations for tables whose query families are predicted to degrade.
        if (plan.Schema is { } schema)
        {
            ct.ThrowIfCancellationRequested();
            var workload = kit.Schema.Workload(schema.WorkloadLog, schema.AccessLog, schema.Catalog, schema.Profiles);
            var profiles = kit.Schema.Profiles(schema.Profiles);
            var advice = kit.Schema.Recommend(workload, profiles);
            var series = kit.Schema.PerformanceSeries(workload, profiles);
            var risks = series.Count == 0 ? [] : kit.Schema.DegradationRisks(series, options: new DegradationOptions { Threshold = schema.Threshold });
            var selected = kit.Schema.AtRisk(advice, risks, schema.MinRisk);
            console.Line("schema", $"{workload.Families.Count} query families, {risks.Count(r => r.Probability >= schema.MinRisk)} at risk, {selected.Count} of {advice.Recommendations.Count} recommendations kept");
            html.Heading("Schema recommendations").Paragraph(
                string.Create(c, $"Recommendations for tables whose query families have a predicted degradation probability of at least {schema.MinRisk:P0} (latency above {schema.Threshold}× the first-week baseline)."))
                .Add(new SchemaEvolution.Recommendations.SchemaAdvice(selected));
            summary["schema"] = new JsonObject
            {
                ["families"] = workload.Families.Count,
                ["recommendations"] = new JsonArray(selected.Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = r.Id, ["kind"] = r.Kind.ToString(), ["table"] = r.Table.ToString(),
                    ["columns"] = new JsonArray(r.Columns.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()), ["expected_gain"] = Number(r.ExpectedGain),
                }).ToArray()),
            };
        }

        ct.ThrowIfCancellationRequested();
        html.Save(output);
        int exit = failOnDrift && anyDrift ? KitExitCode.ThresholdBreached : KitExitCode.Ok;
        summary["report"] = output;
        summary["report_json"] = jsonOutput;
        summary["exit_code"] = exit;
        summary["seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1);
        var text = summary.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        WriteAtomically(jsonOutput, text + "\n");
        console.Line("report", string.Create(c, $"{output} and {Path.GetFileName(jsonOutput)} ({total.Elapsed.TotalSeconds:F0} s)"));
        if (console.JsonOnStdout) Console.Out.WriteLine(text);
        return exit;
    }

    /// <summary>The JSON twin beside the HTML report: <c>report.html</c> → <c>report.json</c>.</summary>
    internal static string JsonTwinPath(string htmlReport) =>
        string.Equals(Path.GetExtension(htmlReport), ".json", StringComparison.OrdinalIgnoreCase) ? htmlReport + ".json" : Path.ChangeExtension(htmlReport, ".json");

    /// <summary>Writes to a temporary file in the target folder and moves it over <paramref name="path"/>, so readers never see half a file.</summary>
    private static void WriteAtomically(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(tmp, text, new System.Text.UTF8Encoding(false));
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static void WritePredictions(KitConsole console, IReadOnlyList<TriggerPrediction> predictions)
    {
        var c = CultureInfo.InvariantCulture;
        string[] Row(TriggerPrediction p)
        {
            var w = p.Interval(0.8);
            return [p.Pipeline, p.ExpectedTrigger.ToString("yyyy-MM-dd HH:mm", c), $"{w.From.ToString("MM-dd HH:mm", c)} – {w.To.ToString("MM-dd HH:mm", c)}",
                p.Rows.Point.ToString("N0", c), string.Join(", ", p.Models.Select(m => $"{m.Target}: {m.Model}"))];
        }
        string[] header = ["pipeline", "expected trigger", "80% window", "rows (point)", "model"];
        if (console.Interactive)
        {
            var table = new Table().AddColumns(header);
            foreach (var p in predictions) table.AddRow(Row(p).Select(Markup.Escape).ToArray());
            console.Ansi.Write(table);
            return;
        }
        console.Line(string.Join('\t', header));
        foreach (var p in predictions) console.Line(string.Join('\t', Row(p)));
    }

    /// <summary>JSON has no NaN or infinity: a statistic that could not be computed is null.</summary>
    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static JsonObject Window(TriggerWindow w) =>
        new() { ["from"] = w.From.ToString("O", CultureInfo.InvariantCulture), ["to"] = w.To.ToString("O", CultureInfo.InvariantCulture) };

    private static JsonObject DriftJson(DriftDatasetConfig dataset, DriftReport drift, IReadOnlyList<(string Column, string Role)> excluded) => new()
    {
        ["name"] = dataset.Name,
        ["reference"] = dataset.Reference.DisplayName,
        ["current"] = dataset.Current.DisplayName,
        ["reference_rows"] = drift.ReferenceRows,
        ["current_rows"] = drift.CurrentRows,
        ["verdict"] = drift.Verdict switch { DriftVerdict.Drift => "drift", DriftVerdict.Inconclusive => "inconclusive", _ => "no_drift" },
        ["inconclusive_reason"] = drift.InconclusiveReason,
        ["drifted"] = drift.DatasetDrifted,
        ["drifted_share"] = Number(drift.DriftedShare),
        ["signal"] = Number(drift.Signal),
        ["compared_columns"] = drift.ComparedColumns,
        ["not_tested"] = new JsonArray(excluded.Select(e => (JsonNode)new JsonObject { ["column"] = e.Column, ["role"] = e.Role }).ToArray()),
        ["columns"] = new JsonArray(drift.Columns.Select(col => (JsonNode)new JsonObject
        {
            ["column"] = col.Column,
            ["status"] = col.Status.ToString(),
            ["method"] = col.Method.ToString(),
            ["statistic"] = Number(col.Statistic),
            ["p_value"] = col.PValue is { } pv ? Number(pv) : null,
            ["threshold"] = Number(col.Threshold),
            ["drifted"] = col.Drifted,
            ["inconclusive"] = col.Inconclusive,
            ["reference_missing_rate"] = col.MissingValues is { } m1 ? Number(m1.ReferenceMissingRate) : null,
            ["current_missing_rate"] = col.MissingValues is { } m2 ? Number(m2.CurrentMissingRate) : null,
            ["message"] = col.Message,
        }).ToArray()),
    };
}
