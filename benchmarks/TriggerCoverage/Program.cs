// Coverage benchmark of the trigger predictor on pipelines shaped unlike the sample data (TriggerShapeSample): per shape, a
// rolling-origin evaluation over the last E runs — predict from the history up to run i, then check whether run i+1's
// trigger time and rows fall inside the predicted window and volume interval, and record their widths; after each check
// the actual trigger is fed back with Observe (adaptive conformal inference), as in production. Beside it, the same for an
// empirical-quantile baseline: next gap = the (1−level)/2 and (1+level)/2 quantiles (type 7) of the last N gaps, next rows =
// those quantiles of the last N volumes. Prints per shape and level: nominal, coverage and mean width (time window in hours,
// rows) of kit and baseline, and the binomial standard error of a coverage estimate at the nominal level.
//
//   dotnet run -c Release --project benchmarks/TriggerCoverage [-- --evals 60] [--models default|fast] [--shapes A,B] [--seed 1]
//
// --models default: Prophet + seasonal naive, ETS and auto-ARIMA (what EtlKit.PredictNextTrigger uses); fast: seasonal naive
// and ETS without Prophet.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.Forecasting.Ets;
using AdaptiveEtl.Kit.History;
using AdaptiveEtl.Kit.Samples;
using AdaptiveEtl.Kit.Triggers;
using MathNet.Numerics.Statistics;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

int evals = IntArg("--evals", 60);
int seed = IntArg("--seed", 1);
string models = Arg("--models") ?? "default";
if (models is not ("default" or "fast")) throw new ArgumentException($"--models {models}: expected default or fast.");
var shapes = Arg("--shapes") is { } list
    ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<TriggerShape>).ToArray()
    : Enum.GetValues<TriggerShape>();
const int BaselineWindow = 60; // the kit calibrates on its last 60 backtest origins; the baseline looks at as many runs
double[] levels = [0.8, 0.95];

string Config(Assembly a) => a.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "?";
Console.WriteLine($"configuration: kit {Config(typeof(TriggerPredictor).Assembly)}, benchmark {Config(typeof(Tally).Assembly)}; models {models}; " +
    $"{evals} one-step evaluations per shape; baseline: type-7 quantiles of the last {BaselineWindow} gaps / volumes; seed {seed}; {Environment.ProcessorCount} cores");
Console.WriteLine($"binomial se of a coverage estimate from {evals} points: {Math.Sqrt(0.8 * 0.2 / evals):F3} at 80%, {Math.Sqrt(0.95 * 0.05 / evals):F3} at 95%");
Console.WriteLine();
Console.WriteLine($"{"shape",-20} {"level",5} | {"time cov kit",12} {"base",6} | {"width h kit",11} {"base",8} {"ratio",6} | {"rows cov kit",12} {"base",6} | {"width kit",10} {"base",10} {"ratio",6} | {"kit target / model"}");

var total = Stopwatch.StartNew();
foreach (var shape in shapes)
{
    // Enough history before the evaluated runs; with E ≥ 49 evaluations the regime change falls 10 runs into them.
    int runs = shape switch
    {
        TriggerShape.HourlyCronJitter => 400 + evals,
        TriggerShape.BusinessDayDaily => 240 + evals,
        TriggerShape.PoissonDiurnal => 300 + evals,
        TriggerShape.WeeklyAcrossDst => 100 + evals,
        TriggerShape.RegimeChange => Math.Max(2 * evals - 18, evals + 31),
        TriggerShape.IrregularFileDrops => 150 + evals,
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
    var history = TriggerShapeSample.Generate(shape, runs, seed);
    using var store = RunHistoryStore.OpenDuckDb(":memory:");
    foreach (var r in history.Runs) store.Append(r);
    IEnumerable<ForecasterCandidate> candidates = models == "default"
        ? new ForecasterCatalog().DefaultCandidates()
        : [new("SeasonalNaive", () => new SeasonalNaiveForecaster()), new("ETS", () => new EtsForecaster())];
    var predictor = new TriggerPredictor(store, candidates, history.Holidays, includeProphet: models == "default");
    var options = new TriggerPredictionOptions { Levels = levels, SaveToStore = false };

    var kitTime = levels.Select(_ => new Tally()).ToArray();
    var kitRows = levels.Select(_ => new Tally()).ToArray();
    var baseTime = levels.Select(_ => new Tally()).ToArray();
    var baseRows = levels.Select(_ => new Tally()).ToArray();
    var targets = new Dictionary<string, int>(StringComparer.Ordinal);
    var all = history.Runs;
    var sw = Stopwatch.StartNew();
    for (int i = all.Count - 1 - evals; i < all.Count - 1; i++)
    {
        var last = all[i];
        var next = all[i + 1];
        var p = predictor.PredictNextTrigger(history.Pipeline, last.TriggerTime, options);
        predictor.Observe(history.Pipeline, next.TriggerTime);
        string key = $"{p.Models[0].Target}:{p.Models[0].Model}";
        targets[key] = targets.GetValueOrDefault(key) + 1;
        double actualGap = (next.TriggerTime - last.TriggerTime).TotalHours;
        int from = Math.Max(0, i + 1 - BaselineWindow);
        var gaps = Enumerable.Range(Math.Max(1, from), i - Math.Max(1, from) + 1).Select(j => (all[j].TriggerTime - all[j - 1].TriggerTime).TotalHours).Order().ToArray();
        var volumes = Enumerable.Range(from, i - from + 1).Select(j => (double)all[j].RowsIn).Order().ToArray();
        for (int k = 0; k < levels.Length; k++)
        {
            var w = p.Interval(levels[k]);
            kitTime[k].Add(next.TriggerTime >= w.From && next.TriggerTime <= w.To,
                w.To == DateTimeOffset.MaxValue ? double.PositiveInfinity : (w.To - w.From).TotalHours);
            var v = p.Rows.Intervals[k];
            kitRows[k].Add(next.RowsIn >= v.Lower && next.RowsIn <= v.Upper, v.Upper - v.Lower);
            double lo = (1 - levels[k]) / 2, hi = (1 + levels[k]) / 2;
            double gLo = SortedArrayStatistics.Quantile(gaps, lo), gHi = SortedArrayStatistics.Quantile(gaps, hi);
            baseTime[k].Add(actualGap >= gLo && actualGap <= gHi, gHi - gLo);
            double vLo = SortedArrayStatistics.Quantile(volumes, lo), vHi = SortedArrayStatistics.Quantile(volumes, hi);
            baseRows[k].Add(next.RowsIn >= vLo && next.RowsIn <= vHi, vHi - vLo);
        }
    }
    string used = string.Join(", ", targets.OrderByDescending(t => t.Value).Select(t => $"{t.Key} {t.Value}"));
    for (int k = 0; k < levels.Length; k++)
    {
        Console.WriteLine($"{history.Pipeline,-20} {levels[k],5:P0} | {kitTime[k].Coverage,12:P1} {baseTime[k].Coverage,6:P1} | {kitTime[k].WidthText,11} {baseTime[k].MeanWidth,8:G4} {Ratio(kitTime[k], baseTime[k]),6} | " +
            $"{kitRows[k].Coverage,12:P1} {baseRows[k].Coverage,6:P1} | {kitRows[k].WidthText,10} {baseRows[k].MeanWidth,10:G4} {Ratio(kitRows[k], baseRows[k]),6} | {(k == 0 ? used : "")}");
    }
    Console.Error.WriteLine($"  {history.Pipeline}: {all.Count} runs, {evals} predictions in {sw.Elapsed.TotalSeconds:F1} s");
}
Console.WriteLine();
Console.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s");

static string Ratio(Tally kit, Tally baseline) => kit.Unbounded > 0 ? "inf" : (kit.MeanWidth / baseline.MeanWidth).ToString("F2", CultureInfo.InvariantCulture);

string? Arg(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntArg(string name, int fallback) => Arg(name) is { } s
    ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new ArgumentException($"{name} {s}: expected a positive integer.")
    : fallback;

/// <summary>Hits and widths of one method at one level.</summary>
sealed class Tally
{
    private int _n, _hits;
    private double _width;

    public int Unbounded { get; private set; }

    public void Add(bool covered, double width)
    {
        _n++;
        if (covered) _hits++;
        if (double.IsFinite(width)) _width += width; else Unbounded++;
    }

    public double Coverage => (double)_hits / _n;

    public double MeanWidth => _width / Math.Max(1, _n - Unbounded);

    public string WidthText => Unbounded > 0 ? $"{MeanWidth:G4}+{Unbounded}inf" : MeanWidth.ToString("G4", CultureInfo.InvariantCulture);
}
