using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Notebooks.Reports;
using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Replay;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// The proactive section of <c>kit run</c>: the last <c>triggers</c> recorded triggers (kit.yaml's <c>proactive.replay_triggers</c>) of each pipeline in the imported run history replayed through
/// <see cref="ProactiveLoop"/> in virtual time against a simulated slow source (<see cref="TraceReplayer"/>, the cheap
/// seasonal-naive predictor so the section costs seconds), reporting per pipeline trigger→data-ready proactive vs reactive,
/// pre-fetched, used and wasted bytes, and the validation verdicts, with the timeline and pre-fetch charts.
/// </summary>
internal static class ProactiveReplaySection
{
    /// <summary>Pipelines with fewer recorded runs before the replay than this are left out (nothing to predict from).</summary>
    private const int MinimumHistory = 20;

    /// <summary>Replays the last <paramref name="triggers"/> triggers, adds the section to <paramref name="html"/> and returns its JSON twin (null when no pipeline qualifies).</summary>
    public static async Task<JsonObject?> AddAsync(HtmlReport html, RunHistoryStore history, IReadOnlyList<string> pipelines, int triggers, Action<string, string> line, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(triggers);
        var watch = Stopwatch.StartNew();
        var all = history.GetRunRecords().Where(r => pipelines.Contains(r.Pipeline, StringComparer.Ordinal)).ToList();
        // Per pipeline: its last triggers recorded triggers, replayed from just after the run before them, so an hourly
        // pipeline costs what a weekly one does and each replay starts from a complete history.
        var replays = all.GroupBy(r => r.Pipeline).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.TriggerTime).ToList())
            .Where(g => g.Count >= MinimumHistory + triggers).ToList();
        if (replays.Count == 0) return null;
        var results = await Task.WhenAll(replays.Select(async runs =>
        {
            var start = runs[^triggers].TriggerTime.AddTicks(-1);
            var until = runs[^1].TriggerTime.AddMinutes(1);
            using var replayHistory = RunHistoryStore.OpenDuckDb(":memory:");
            var trace = new TriggerTrace(runs.Where(r => r.TriggerTime >= start));
            var (report, _) = await TraceReplayer.ReplayAsync(replayHistory, runs, trace, start, until, new TraceReplayOptions(), ct).ConfigureAwait(false);
            return (Pipeline: runs[0].Pipeline, Start: start, Until: until, Report: report);
        })).ConfigureAwait(false);
        var report = new ProactiveRunReport([.. results.SelectMany(r => r.Report.Triggers)], [.. results.SelectMany(r => r.Report.Timeline)], [.. results.SelectMany(r => r.Report.Plans)]);
        var eligible = results.Select(r => r.Pipeline).ToList();
        var start = results.Min(r => r.Start);
        var until = results.Max(r => r.Until);

        var c = CultureInfo.InvariantCulture;
        var speed = new TraceReplayOptions().Speed;
        html.Heading("Proactive ETL (replay of the last triggers)").Paragraph(FormattableString.Invariant(
            $"The last {triggers} recorded triggers of each pipeline (between {start:yyyy-MM-dd HH:mm} and {until:yyyy-MM-dd HH:mm} UTC) replayed through the proactive loop in virtual time: ") + FormattableString.Invariant(
            $"before each predicted window the loop pre-fetches from a simulated source ({speed.Latency.TotalSeconds:0.#} s latency, {speed.BytesPerSecond / 1024:N0} KiB/s) ") +
            "into staging, and at the real trigger fetches only what arrived since. Trigger→data-ready is compared with a reactive run that fetches everything at the trigger; " +
            "wasted bytes are pre-fetched bytes that no run used. Each trigger is validated against the cycle's first prediction.")
            .Add(report);
        foreach (var pipeline in eligible)
            html.Heading(pipeline, 3).Chart(ProactiveCharts.TriggerToReady(report, pipeline)).Chart(ProactiveCharts.PrefetchUsage(report, pipeline));

        var json = new JsonArray();
        foreach (var s in report.Summaries.Where(s => s.Pipeline != "*"))
        {
            line($"proactive {s.Pipeline}", string.Create(c,
                $"{s.Triggers} trigger(s): median trigger→ready {s.MedianProactive.TotalSeconds:0.0} s vs reactive {s.MedianReactive.TotalSeconds:0.0} s ({s.MedianSpeedup:0.0}×), {s.WastedShare:P1} of pre-fetched bytes wasted"));
            json.Add(new JsonObject
            {
                ["pipeline"] = s.Pipeline, ["triggers"] = s.Triggers,
                ["median_ready_seconds"] = Math.Round(s.MedianProactive.TotalSeconds, 3), ["median_reactive_seconds"] = Math.Round(s.MedianReactive.TotalSeconds, 3),
                ["p95_ready_seconds"] = Math.Round(s.P95Proactive.TotalSeconds, 3), ["p95_reactive_seconds"] = Math.Round(s.P95Reactive.TotalSeconds, 3),
                ["prefetched_bytes"] = s.PrefetchedBytes, ["wasted_bytes"] = s.WastedBytes, ["wasted_share"] = Math.Round(s.WastedShare, 4),
            });
        }
        line("proactive", string.Create(c, $"{report.Triggers.Count} trigger(s) of {eligible.Count} pipeline(s) replayed in {watch.Elapsed.TotalSeconds:0.0} s; overall median trigger→ready {report.Overall.MedianSpeedup:0.0}× faster than reactive"));
        return new JsonObject
        {
            ["from"] = start.ToString("O", c), ["until"] = until.ToString("O", c), ["triggers"] = report.Triggers.Count,
            ["pipelines"] = json, ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1),
        };
    }
}
