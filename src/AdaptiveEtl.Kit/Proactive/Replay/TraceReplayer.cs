using System.Globalization;
using System.Text;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Proactive.Replay;

/// <summary>
/// Replays a recorded trigger trace through the <see cref="ProactiveLoop"/> in virtual time: the history before the
/// replay start is loaded into a run-history store (so the predictor sees only the past), each pipeline gets a
/// <see cref="TraceWorkload"/> over a simulated slow source, and the triggers of the trace fire at their recorded times.
/// The loop writes every replayed run back into the store, exactly as it would live.
/// </summary>
public static class TraceReplayer
{
    /// <summary>Replays the triggers of <paramref name="feed"/> from <paramref name="start"/> on, given the full recorded history <paramref name="allRuns"/>.</summary>
    /// <param name="history">The store the loop predicts from and writes to; the runs before <paramref name="start"/> are imported into it.</param>
    /// <param name="allRuns">Every recorded run of the replayed pipelines (past and future): the source of the simulated arrivals.</param>
    /// <param name="feed">The triggers to replay (e.g. a <see cref="TriggerTrace"/>, possibly with missing or late triggers).</param>
    /// <param name="start">Replay start (virtual time).</param>
    /// <param name="until">Replay end.</param>
    /// <param name="options">Simulation and loop options.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    public static async Task<(ProactiveRunReport Report, IReadOnlyList<TraceWorkload> Workloads)> ReplayAsync(RunHistoryStore history, IReadOnlyList<RunRecord> allRuns,
        ITriggerFeed feed, DateTimeOffset start, DateTimeOffset until, TraceReplayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(allRuns);
        options ??= new TraceReplayOptions();
        var pipelines = allRuns.Select(r => r.Pipeline).Distinct().Order(StringComparer.Ordinal).ToArray();
        var past = allRuns.Where(r => r.TriggerTime < start && history.GetRunRecords(r.Pipeline).Count == 0).ToList();
        if (past.Count > 0) history.ImportCsv(new StringReader(RunsCsv(past)), "replayed history");
        var workloads = pipelines.Select(p => new TraceWorkload(p, allRuns, start, options.Speed, options.TransformFixed, options.TransformPerRow,
            options.Outages.TryGetValue(p, out var o) ? o : null)).ToList();
        var predictor = new TriggerPredictor(history, options.Candidates ?? [new ForecasterCandidate("SeasonalNaive", () => new SeasonalNaiveForecaster())],
            includeProphet: options.IncludeProphet);
        var loop = new ProactiveLoop(history, predictor, workloads, options.Loop, new ReplayClock(start));
        var report = await loop.RunAsync(feed, until, cancellationToken).ConfigureAwait(false);
        return (report, workloads);
    }

    /// <summary>
    /// Replays the runs of <paramref name="runsCsv"/> (the <c>etl_runs.csv</c> format) of <paramref name="pipelines"/> triggered in
    /// [<paramref name="start"/>, <paramref name="until"/>) into a fresh in-memory history.
    /// </summary>
    public static async Task<ProactiveRunReport> ReplayCsvAsync(string runsCsv, DateTimeOffset start, DateTimeOffset until, IReadOnlyList<string> pipelines,
        TraceReplayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        IReadOnlyList<RunRecord> all;
        using (var source = RunHistoryStore.OpenDuckDb(":memory:"))
        {
            source.ImportCsv(runsCsv);
            all = [.. source.GetRunRecords(null, null, null).Where(r => pipelines.Contains(r.Pipeline))];
        }
        using var history = RunHistoryStore.OpenDuckDb(":memory:");
        var trace = new TriggerTrace(all.Where(r => r.TriggerTime >= start && r.TriggerTime < until));
        var (report, _) = await ReplayAsync(history, all, trace, start, until, options, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private static string RunsCsv(IEnumerable<RunRecord> runs)
    {
        static string T(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture) : "";
        var sb = new StringBuilder("run_id,pipeline,trigger_time,start_time,end_time,rows_in,bytes_in,file_count,schema_version,schema_hash,outcome\n");
        foreach (var r in runs)
            sb.Append(CultureInfo.InvariantCulture, $"{r.RunId},{r.Pipeline},{T(r.TriggerTime)},{T(r.StartTime)},{T(r.EndTime)},{r.RowsIn},{r.BytesIn},{r.FileCount},{r.SchemaVersion},{r.SchemaHash},{r.Outcome}\n");
        return sb.ToString();
    }
}
