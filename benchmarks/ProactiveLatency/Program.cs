// Replays recorded triggers through the proactive loop in virtual time against a simulated slow source and prints
// median / p95 trigger→data-ready (proactive vs reactive), their ratio and the share of pre-fetched bytes wasted.
// Figures, not assertions.
//
//   dotnet run -c Release --project benchmarks/ProactiveLatency -- [--latency-s 2] [--bandwidth-kib 256] [--runs data-samples/etl_runs.csv]
//
// Regular pipeline: orders_daily (2025-06-01 … 2025-12-31); irregular: partner_feed (2025-11-15 … 2025-12-31).
using System.Diagnostics;
using System.Globalization;
using AdaptiveEtl.Kit.Proactive;
using AdaptiveEtl.Kit.Proactive.Replay;
using AdaptiveEtl.Kit.Proactive.Sources;

string Arg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var runs = Arg("--runs", Path.Combine(FindRoot(), "data-samples", "etl_runs.csv"));
double latency = double.Parse(Arg("--latency-s", "2"), CultureInfo.InvariantCulture);
double kib = double.Parse(Arg("--bandwidth-kib", "256"), CultureInfo.InvariantCulture);
var options = new TraceReplayOptions { Speed = new SourceSpeed(TimeSpan.FromSeconds(latency), kib * 1024, 1) };
options = options with { Loop = options.Loop with { RefreshInterval = TimeSpan.FromHours(12) } };
Console.WriteLine(FormattableString.Invariant($"simulated source: latency {latency} s, {kib} KiB/s; transform 1 s + 2 µs/row"));

var end = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
var all = new List<TriggerMetrics>();
foreach (var (pipeline, start) in new[] { ("orders_daily", new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)), ("partner_feed", new DateTimeOffset(2025, 11, 15, 0, 0, 0, TimeSpan.Zero)) })
{
    var sw = Stopwatch.StartNew();
    var report = await TraceReplayer.ReplayCsvAsync(runs, start, end, [pipeline], options);
    all.AddRange(report.Triggers);
    Print(report.Summary(pipeline), sw.Elapsed);
}
Print(new ProactiveRunReport(all, [], []).Overall, TimeSpan.Zero);

static void Print(ProactiveSummary s, TimeSpan took) => Console.WriteLine(FormattableString.Invariant(
    $"{s.Pipeline,-14} triggers {s.Triggers,4}  trigger→ready median {s.MedianProactive.TotalSeconds,7:0.00} s p95 {s.P95Proactive.TotalSeconds,7:0.00} s (proactive)  |  median {s.MedianReactive.TotalSeconds,7:0.00} s p95 {s.P95Reactive.TotalSeconds,7:0.00} s (reactive)  |  ratio {s.MedianSpeedup,5:0.0}x  wasted {s.WastedShare,6:P1} of {s.PrefetchedBytes / 1e6:0.0} MB  in-window {s.InWindowShare:P0}{(took > TimeSpan.Zero ? $"  ({took.TotalSeconds:0} s)" : "")}"));

static string FindRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "AdaptiveEtl.Kit.sln"))) return d.FullName;
    return Directory.GetCurrentDirectory();
}
