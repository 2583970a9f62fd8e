using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using AdaptiveEtl.Kit.Cli.Config;
using AdaptiveEtl.Kit.Cli.Watch;
using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Sources;
using AdaptiveEtl.Kit.Proactive.Staging;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit watch</c>: runs the proactive loop (<see cref="ProactiveLoop"/>) for one or several pipelines, each over its own
/// landing-zone folder (repeat <c>--pipeline</c> and <c>--source</c> in pairs; <c>--target</c>, when given, once per pipeline).
/// It predicts the pipeline's next trigger from the run history in the work folder (optionally seeded from a runs CSV),
/// pre-fetches new files into the DuckDB staging store ahead of the predicted window, and when the trigger fires (a
/// marker file <c>&lt;pipeline&gt;.trigger</c> in the landing folder) publishes staged plus on-demand rows into the target
/// table. <c>--config kit.yaml</c> takes the pipelines from its <c>proactive.pipelines</c> and its work folder (flags override).
/// <c>--once</c> stages what is new, publishes and exits. With the config's <c>openlineage</c> section every pipeline run
/// emits OpenLineage run events (<see cref="OpenLineageWorkload"/>). Ctrl-C / SIGTERM stop it cleanly (exit 130): open
/// transactions roll back, the stores are closed; a restart resumes from the staging watermarks.
/// </summary>
public static class WatchCommand
{
    /// <summary>Creates the <c>watch</c> command.</summary>
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "kit.yaml whose proactive.pipelines (name, source, target) are watched, in its work folder; --pipeline/--source override the list" };
        var work = new Option<string?>("--work") { Description = "Work folder (history.duckdb, staging.duckdb); default: the config's 'work', else ./work" };
        var pipeline = new Option<string[]>("--pipeline") { Description = "The pipeline (as in the run history); repeat for several, each followed by its --source" };
        var source = new Option<string[]>("--source") { Description = "The landing-zone folder (CSV, Parquet, JSON lines files) of the preceding --pipeline" };
        var target = new Option<string[]>("--target") { Description = "Target table in the staging database, once per pipeline; default: the pipeline's name" };
        var history = new Option<string?>("--history") { Description = "Runs CSV (etl_runs.csv format) imported into the history store to seed the predictor" };
        var once = new Option<bool>("--once") { Description = "Stage what is new, publish it, and exit" };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Stop at this time (ISO 8601, e.g. 2026-01-01T06:00Z)" };
        var command = new Command("watch", "Run the proactive loop for a pipeline: pre-fetch into staging, publish at each trigger; Ctrl-C stops cleanly");
        foreach (var o in new Option[] { config, work, pipeline, source, target, history, once, until }) command.Options.Add(o);
        command.Validators.Add(result =>
        {
            if (result.GetValue(config) is null && (result.GetValue(pipeline) ?? []).Length == 0)
                result.AddError("give the pipelines to watch: --pipeline NAME --source FOLDER (repeatable), or --config kit.yaml with proactive.pipelines.");
            if (result.GetValue(once) && result.GetValue(until) is not null) result.AddError("--once and --until exclude each other.");
            var names = result.GetValue(pipeline) ?? [];
            if (names.Length != (result.GetValue(source) ?? []).Length) result.AddError($"give one --source per --pipeline ({names.Length} pipeline(s), {(result.GetValue(source) ?? []).Length} source(s)).");
            if ((result.GetValue(target) ?? []) is { Length: > 0 } t && t.Length != names.Length) result.AddError($"give --target once per --pipeline or not at all ({names.Length} pipeline(s), {t.Length} target(s)).");
            if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dup) result.AddError($"--pipeline '{dup.Key}' is given twice.");
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
                // A signal racing the end of the command finds the token source or the event disposed: nothing left to stop.
                try
                {
                    stop.Cancel();
                    finished.Wait(TimeSpan.FromSeconds(30));
                }
                catch (ObjectDisposedException) { }
            }
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            var names = parse.GetValue(pipeline) ?? [];
            var sources = parse.GetValue(source) ?? [];
            var targets = parse.GetValue(target) is { Length: > 0 } t ? t : names;
            try
            {
                var plan = parse.GetValue(config) is { } path ? KitConfigReader.Read(path) : null;
                // flags override the file: --pipeline/--source replace its list, --work its work folder
                var watched = names.Length > 0
                    ? names.Select((n, i) => new WatchedPipeline(n, sources[i], targets[i])).ToList()
                    : plan!.Proactive is { Pipelines.Count: > 0 } proactive
                        ? proactive.Pipelines.Select(p => new WatchedPipeline(p.Name, p.Source, p.Target)).ToList()
                        : throw new KitDataException("proactive.pipelines is missing or empty: list the pipelines to watch (name, source folder, optional target), or pass --pipeline/--source.", plan.Path);
                var workDirectory = parse.GetValue(work) ?? plan?.Work ?? "work";
                return await RunAsync(workDirectory, watched, parse.GetValue(history), parse.GetValue(once), parse.GetValue(until), plan?.OpenLineage, stop.Token);
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

    private sealed record WatchedPipeline(string Name, string Folder, string Target);

    private static async Task<int> RunAsync(string workDirectory, IReadOnlyList<WatchedPipeline> pipelines, string? historyCsv,
        bool once, DateTimeOffset? until, OpenLineageConfig? openLineage, CancellationToken ct)
    {
        foreach (var p in pipelines)
            if (!Directory.Exists(p.Folder)) throw new DirectoryNotFoundException($"--source '{p.Folder}' (pipeline {p.Name}): no such folder.");
        if (historyCsv is not null && !File.Exists(historyCsv)) throw new KitDataException("the --history file does not exist.", historyCsv);
        var pause = FaultPause.FromEnvironment();
        var output = Console.Out;
        using var kit = EtlKit.Open(workDirectory);
        if (historyCsv is not null)
        {
            var imported = kit.ImportRuns(historyCsv);
            output.WriteLine($"history: {imported.Runs} runs imported from {imported.Source}");
        }
        var log = new Action<string>(line => output.WriteLine($"decision: {line}"));
        var stageOptions = StageOptions.Default with { Log = log, Checkpoint = pause is null ? null : pause.StageCheckpoint };
        var publishOptions = PublishOptions.Default with { Log = log, Checkpoint = pause is null ? null : pause.PublishCheckpoint };
        var connectors = pipelines.Select(p => new LandingZoneConnector(p.Folder)).ToList();
        // kit.yaml's openlineage section: every pipeline run emits START, then COMPLETE/FAIL/ABORT
        using var lineage = openLineage is null ? null : new OpenLineageRunSender(openLineage, "kit watch");
        // One pipeline prints as before; several prefix each line with the pipeline's name.
        var workloads = pipelines.Select((p, i) =>
        {
            IProactiveWorkload w = new ProgressWorkload(
                new StagedSourceWorkload(p.Name, connectors[i], kit.Staging, p.Target, stageOptions, publishOptions: publishOptions), p.Target, output,
                pipelines.Count > 1 ? p.Name + ": " : "");
            return lineage is null ? w : new OpenLineageWorkload(w, lineage, kit.Staging, connectors[i].Folder, p.Target);
        }).ToList();
        var loop = kit.Proactive(workloads);
        for (int i = 0; i < pipelines.Count; i++)
        {
            var watermark = await kit.Staging.GetWatermarkAsync(pipelines[i].Name, connectors[i].Name, ct);
            output.WriteLine($"watching {pipelines[i].Name}: source {connectors[i].Folder}, target {pipelines[i].Target}, watermark {watermark?.ToString() ?? "none"}");
        }

        if (once)
        {
            var due = new List<string>();
            for (int i = 0; i < pipelines.Count; i++)
            {
                var watermark = await kit.Staging.GetWatermarkAsync(pipelines[i].Name, connectors[i].Name, ct);
                var unpublished = (await kit.Staging.GetStateAsync(pipelines[i].Name, ct)).Sources.FirstOrDefault(s => s.Source == connectors[i].Name)?.UnpublishedRows ?? 0;
                if ((await connectors[i].EstimateNewAsync(watermark, ct)).HasNew || unpublished > 0) due.Add(pipelines[i].Name);
                // No trigger without data: a second --once records no empty run in the history.
                else output.WriteLine($"{(pipelines.Count > 1 ? pipelines[i].Name + ": " : "")}nothing new: published 0 rows");
            }
            if (due.Count == 0) return KitExitCode.Ok;
            var report = await loop.RunOnceAsync(new ImmediateTriggerFeed(due), ct);
            return Finish(report, output);
        }

        var feed = new TriggerFileFeed(pipelines.Select((p, i) => (p.Name, connectors[i].Folder)).ToList());
        foreach (var marker in feed.MarkerPaths)
            output.WriteLine($"live: a trigger fires when {marker} appears{(until is { } u ? $"; stopping at {u.ToString("O", CultureInfo.InvariantCulture)}" : "")}; Ctrl-C stops");
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
