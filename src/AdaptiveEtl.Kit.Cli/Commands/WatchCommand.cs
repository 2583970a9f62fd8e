using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using AdaptiveEtl.Kit.Cli.Watch;
using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit watch</c>: runs the proactive loop (<see cref="ProactiveLoop"/>) for one pipeline over a landing-zone folder.
/// It predicts the pipeline's next trigger from the run history in the work folder (optionally seeded from a runs CSV),
/// pre-fetches new files into the DuckDB staging store ahead of the predicted window, and when the trigger fires (a
/// marker file <c>&lt;pipeline&gt;.trigger</c> in the landing folder) publishes staged plus on-demand rows into the target
/// table. <c>--once</c> stages what is new, publishes and exits. Ctrl-C / SIGTERM stop it cleanly (exit 130): open
/// transactions roll back, the stores are closed; a restart resumes from the staging watermarks.
/// </summary>
public static class WatchCommand
{
    /// <summary>Creates the <c>watch</c> command.</summary>
    public static Command Create()
    {
        var work = new Option<string>("--work") { Description = "Work folder (history.duckdb, staging.duckdb)", DefaultValueFactory = _ => "work" };
        var pipeline = new Option<string>("--pipeline") { Description = "The pipeline (as in the run history)", Required = true };
        var source = new Option<string>("--source") { Description = "The landing-zone folder (CSV, Parquet, JSON lines files)", Required = true };
        var target = new Option<string?>("--target") { Description = "Target table in the staging database; default: the pipeline's name" };
        var history = new Option<string?>("--history") { Description = "Runs CSV (etl_runs.csv format) imported into the history store to seed the predictor" };
        var once = new Option<bool>("--once") { Description = "Stage what is new, publish it, and exit" };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Stop at this time (ISO 8601, e.g. 2026-01-01T06:00Z)" };
        var command = new Command("watch", "Run the proactive loop for a pipeline: pre-fetch into staging, publish at each trigger; Ctrl-C stops cleanly");
        foreach (var o in new Option[] { work, pipeline, source, target, history, once, until }) command.Options.Add(o);
        command.Validators.Add(result =>
        {
            if (result.GetValue(once) && result.GetValue(until) is not null) result.AddError("--once and --until exclude each other.");
        });
        command.SetAction(async (parse, ct) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var finished = new ManualResetEventSlim();
            // SIGTERM (kill, systemd, docker stop) stops as cleanly as Ctrl-C. The handler holds the signal until the loop has
            // rolled back and closed the stores (bounded), so the process never exits with a store still open.
            void OnSignal(PosixSignalContext c)
            {
                c.Cancel = true;
                stop.Cancel();
                finished.Wait(TimeSpan.FromSeconds(30));
            }
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            var name = parse.GetValue(pipeline)!;
            try
            {
                return await RunAsync(parse.GetValue(work)!, name, parse.GetValue(source)!, parse.GetValue(target) ?? name, parse.GetValue(history),
                    parse.GetValue(once), parse.GetValue(until), stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                Console.Out.WriteLine("interrupted: open transactions rolled back, staging store closed");
                return KitExitCode.Interrupted;
            }
            catch (Exception e) when (e is KitDataException or ArgumentException or DirectoryNotFoundException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return KitExitCode.BadInput;
            }
            finally
            {
                finished.Set();
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string workDirectory, string pipeline, string sourceFolder, string targetTable, string? historyCsv,
        bool once, DateTimeOffset? until, CancellationToken ct)
    {
        if (!Directory.Exists(sourceFolder)) throw new DirectoryNotFoundException($"--source '{sourceFolder}': no such folder.");
        if (historyCsv is not null && !File.Exists(historyCsv)) throw new KitDataException("the --history file does not exist.", historyCsv);
        var pause = FaultPause.FromEnvironment();
        var output = Console.Out;
        using var kit = EtlKit.Open(workDirectory);
        if (historyCsv is not null)
        {
            var imported = kit.ImportRuns(historyCsv);
            output.WriteLine($"history: {imported.Runs} runs imported from {imported.Source}");
        }
        var connector = new LandingZoneConnector(sourceFolder);
        var log = new Action<string>(line => output.WriteLine($"decision: {line}"));
        var stageOptions = StageOptions.Default with { Log = log, Checkpoint = pause is null ? null : pause.StageCheckpoint };
        var publishOptions = PublishOptions.Default with { Log = log, Checkpoint = pause is null ? null : pause.PublishCheckpoint };
        var workload = new StagedSourceWorkload(pipeline, connector, kit.Staging, targetTable, stageOptions, publishOptions: publishOptions);
        var loop = kit.Proactive([new ProgressWorkload(workload, targetTable, output)]);
        var watermark = await kit.Staging.GetWatermarkAsync(pipeline, connector.Name, ct);
        output.WriteLine($"watching {pipeline}: source {connector.Folder}, target {targetTable}, watermark {watermark?.ToString() ?? "none"}");

        if (once)
        {
            var unpublished = (await kit.Staging.GetStateAsync(pipeline, ct)).Sources.FirstOrDefault(s => s.Source == connector.Name)?.UnpublishedRows ?? 0;
            var fresh = await connector.EstimateNewAsync(watermark, ct);
            if (!fresh.HasNew && unpublished == 0)
            {
                // No trigger without data: a second --once records no empty run in the history.
                output.WriteLine("nothing new: published 0 rows");
                return KitExitCode.Ok;
            }
            var report = await loop.RunOnceAsync(new ImmediateTriggerFeed(pipeline), ct);
            return Finish(report, output);
        }

        var feed = new TriggerFileFeed(pipeline, connector.Folder);
        output.WriteLine($"live: a trigger fires when {feed.MarkerPath} appears{(until is { } u ? $"; stopping at {u.ToString("O", CultureInfo.InvariantCulture)}" : "")}; Ctrl-C stops");
        var live = await loop.RunAsync(feed, until, ct);
        ct.ThrowIfCancellationRequested();
        return Finish(live, output);
    }

    private static int Finish(ProactiveRunReport report, TextWriter output)
    {
        foreach (var e in report.Timeline.Where(e => e.Kind is TimelineEventKind.RunFailed or TimelineEventKind.SourceDown))
            output.WriteLine($"{e.Kind}: {e.Detail}");
        bool failed = report.Timeline.Any(e => e.Kind == TimelineEventKind.RunFailed);
        output.WriteLine($"done: {report.Triggers.Count} trigger(s) handled");
        return failed ? KitExitCode.BadInput : KitExitCode.Ok;
    }
}
