// Forecast accuracy benchmark: hold out the last h points of classic R series (h = 2 × frequency, or 10 for annual data),
// fit our AutoARIMA and ETS and, when Rscript with the forecast package is available, R's auto.arima and ets on the same
// training data (one R process; fit time measured inside R, excluding its start-up). Prints MASE per series and model,
// mean MASE, total fit time and the ratios ours / R, the build configuration, and the kit's Prophet beside R prophet on
// dated monthly series (ProphetMonthly.cs) and the 80/95 % interval coverage with and without conformal calibration, beside
// R's (IntervalCoverage.cs).
//
//   dotnet run -c Release --project benchmarks/ForecastAccuracy [-- --no-r]
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Arima;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.Forecasting.Ets;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var root = FindRoot();
var dataDir = Path.Combine(root, "tests", "AdaptiveEtl.Kit.Tests", "Forecasting", "Data");
var series = new (string Name, int Frequency)[]
{
    ("AirPassengers", 12), ("co2", 12), ("nottem", 12), ("UKgas", 4), ("USAccDeaths", 12), ("ldeaths", 12), ("mdeaths", 12),
    ("fdeaths", 12), ("UKDriverDeaths", 12), ("austres", 4), ("JohnsonJohnson", 4), ("Nile", 1), ("lynx", 1), ("WWWusage", 1),
    ("LakeHuron", 1), ("sunspot.year", 1), ("BJsales", 1), ("lh", 1),
};

double[] Load(string name) => File.ReadAllLines(Path.Combine(dataDir, name + ".csv")).Skip(1)
    .Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();

static int Horizon(int frequency) => frequency == 1 ? 10 : 2 * frequency;

// MASE as R's forecast::accuracy: mean absolute error over the in-sample mean absolute lag-m (seasonal naive) difference.
static double Mase(double[] train, int m, IReadOnlyList<double> forecast, double[] actual)
{
    double scale = 0;
    for (int i = m; i < train.Length; i++) scale += Math.Abs(train[i] - train[i - m]);
    scale /= train.Length - m;
    return actual.Select((a, i) => Math.Abs(a - forecast[i])).Average() / scale;
}

// Warm-up (JIT) on a series that is not scored, so that our timing, like R's, excludes start-up costs.
new AutoArimaForecaster().Fit(new TimeSeries("warm-up", Load("USAccDeaths")[..48], 12));
new EtsForecaster().Fit(new TimeSeries("warm-up", Load("USAccDeaths")[..48], 12));

var ours = new List<Row>();
var process = Process.GetCurrentProcess();
double arimaWall = 0, etsWall = 0, arimaCpu = 0, etsCpu = 0;
foreach (var (name, freq) in series)
{
    var all = Load(name);
    int h = Horizon(freq);
    var train = all[..^h];
    var test = all[^h..];
    var ts = new TimeSeries(name, train, freq);

    var (arimaFc, arimaName, aw, ac) = Timed(() => { var m = new AutoArimaForecaster(); m.Fit(ts); return (m.Forecast(h).Mean, m.Model!.Name); });
    var (etsFc, etsName, ew, ec) = Timed(() => { var m = new EtsForecaster(); m.Fit(ts); return (m.Forecast(h).Mean, m.Model!.Spec.ToString()); });
    arimaWall += aw; arimaCpu += ac; etsWall += ew; etsCpu += ec;
    IForecaster baseline = freq > 1 ? new SeasonalNaiveForecaster() : new NaiveForecaster();
    var naiveFc = baseline.Fit(ts).Forecast(h).Mean;
    ours.Add(new Row(name, train.Length, h, Mase(train, freq, arimaFc, test), arimaName, Mase(train, freq, etsFc, test), etsName,
        Mase(train, freq, naiveFc, test)));
}

(IReadOnlyList<double>, string, double, double) Timed(Func<(IReadOnlyList<double>, string)> run)
{
    process.Refresh();
    var cpu0 = process.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var (fc, name) = run();
    sw.Stop();
    process.Refresh();
    return (fc, name, sw.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu0).TotalSeconds);
}

var r = args.Contains("--no-r") ? null : RunR(series, dataDir);
Console.WriteLine($"configuration: kit {typeof(AutoArimaForecaster).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "?"}, benchmark {typeof(Row).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "?"}");

Console.WriteLine($"Forecast accuracy (MASE on the last h points; h = 2 x frequency, 10 for annual series){(r is null ? " - R not available, our models only" : "")}");
Console.WriteLine();
Console.WriteLine($"{"series",-15} {"n",4} {"h",3} {"AutoARIMA",10} {"R arima",10} {"ETS",8} {"R ets",8} {"naive",8}  our models / R models");
foreach (var row in ours)
{
    var rr = r?.Rows.GetValueOrDefault(row.Series);
    Console.WriteLine($"{row.Series,-15} {row.N,4} {row.H,3} {row.ArimaMase,10:F3} {Fmt(rr?.ArimaMase),10} {row.EtsMase,8:F3} {Fmt(rr?.EtsMase),8} {row.NaiveMase,8:F3}  {row.ArimaModel} / {rr?.ArimaModel ?? "-"}; {row.EtsModel} / {rr?.EtsModel ?? "-"}");
}
static string Fmt(double? v) => v is null ? "-" : v.Value.ToString("F3", CultureInfo.InvariantCulture);

double meanArima = ours.Average(x => x.ArimaMase), meanEts = ours.Average(x => x.EtsMase), meanNaive = ours.Average(x => x.NaiveMase);
Console.WriteLine();
Console.WriteLine($"mean MASE: AutoARIMA {meanArima:F3}, ETS {meanEts:F3}, (seasonal) naive {meanNaive:F3}");
Console.WriteLine($"fit+forecast time, ours: AutoARIMA {arimaWall:F2} s wall / {arimaCpu:F2} s CPU; ETS {etsWall:F2} s wall / {etsCpu:F2} s CPU");
if (r is not null)
{
    double rArima = r.Rows.Values.Average(x => x.ArimaMase), rEts = r.Rows.Values.Average(x => x.EtsMase);
    Console.WriteLine($"mean MASE, R:  auto.arima {rArima:F3}, ets {rEts:F3}");
    Console.WriteLine($"fit+forecast time, R: auto.arima {r.ArimaElapsed:F2} s elapsed / {r.ArimaCpu:F2} s CPU; ets {r.EtsElapsed:F2} s elapsed / {r.EtsCpu:F2} s CPU");
    Console.WriteLine();
    Console.WriteLine($"ratio ours / R, mean MASE: AutoARIMA {meanArima / rArima:F3}, ETS {meanEts / rEts:F3}  (< 1: ours more accurate)");
    Console.WriteLine($"ratio ours / R, CPU time:  AutoARIMA {arimaCpu / r.ArimaCpu:F3}, ETS {etsCpu / r.EtsCpu:F3}  (< 1: ours faster)");
    Console.WriteLine($"ratio ours / R, wall time: AutoARIMA {arimaWall / r.ArimaElapsed:F3}, ETS {etsWall / r.EtsElapsed:F3}");
    int sameArima = ours.Count(o => r.Rows.TryGetValue(o.Series, out var x) && x.ArimaModel == o.ArimaModel);
    int sameEts = ours.Count(o => r.Rows.TryGetValue(o.Series, out var x) && x.EtsModel == o.EtsModel);
    Console.WriteLine($"same model as R: AutoARIMA {sameArima}/{ours.Count}, ETS {sameEts}/{ours.Count}");
}

IntervalCoverage.Run(series, Load, Horizon, r);

ProphetMonthly.Run(dataDir, !args.Contains("--no-r"));

static RResults? RunR((string Name, int Frequency)[] series, string dataDir)
{
    var script = Path.Combine(Path.GetTempPath(), $"forecast-accuracy-{Guid.NewGuid():N}.R");
    var list = string.Join(", ", series.Select(s => $"c(\"{s.Name}\", \"{s.Frequency}\")"));
    File.WriteAllText(script, $$"""
        suppressMessages(library(forecast))
        series <- list({{list}})
        ta <- c(0, 0, 0); te <- c(0, 0, 0)
        cat("series,arima_mase,arima_model,ets_mase,ets_model,arima_in80,arima_in95,ets_in80,ets_in95\n")
        for (s in series) {
          v <- read.csv(file.path("{{dataDir.Replace("\\", "/")}}", paste0(s[1], ".csv")))$value
          f <- as.integer(s[2]); h <- if (f == 1) 10 else 2 * f
          y <- ts(v, frequency = f); train <- subset(y, end = length(y) - h); test <- tail(as.numeric(y), h)
          scale <- mean(abs(diff(as.numeric(train), lag = f)))
          t1 <- system.time(fa <- forecast(auto.arima(train), h = h))
          t2 <- system.time(fe <- forecast(ets(train), h = h))
          ta <- ta + t1[c(1, 2, 3)]; te <- te + t2[c(1, 2, 3)]
          inside <- function(fc, k) sum(test >= fc$lower[, k] & test <= fc$upper[, k])  # forecast()'s default level = c(80, 95)
          cat(sprintf("%s,%.6f,%s,%.6f,%s,%d,%d,%d,%d\n", s[1], mean(abs(test - fa$mean)) / scale, gsub(",", ";", as.character(fa$model)),
                      mean(abs(test - fe$mean)) / scale, gsub(",", ";", fe$method), inside(fa, 1), inside(fa, 2), inside(fe, 1), inside(fe, 2)))
        }
        cat(sprintf("TIME,%.4f,%.4f,%.4f,%.4f\n", ta[3], ta[1] + ta[2], te[3], te[1] + te[2]))
        """);
    try
    {
        var psi = new ProcessStartInfo("Rscript", $"--vanilla \"{script}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi);
        if (p is null) return null;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) { Console.Error.WriteLine("Rscript with the forecast package failed; showing our models only."); return null; }
        var rows = new Dictionary<string, RRow>();
        double ae = 0, ac = 0, ee = 0, ec = 0;
        foreach (var line in output.Split('\n').Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',');
            if (f[0] == "TIME") { ae = double.Parse(f[1]); ac = double.Parse(f[2]); ee = double.Parse(f[3]); ec = double.Parse(f[4]); continue; }
            rows[f[0]] = new RRow(double.Parse(f[1]), f[2].Replace(';', ','), double.Parse(f[3]), f[4].Replace(';', ','),
                int.Parse(f[5]), int.Parse(f[6]), int.Parse(f[7]), int.Parse(f[8]));
        }
        return new RResults(rows, ae, ac, ee, ec);
    }
    catch (System.ComponentModel.Win32Exception)
    {
        Console.Error.WriteLine("Rscript not found; showing our models only.");
        return null;
    }
    finally { File.Delete(script); }
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "AdaptiveEtl.Kit.sln"))) return dir.FullName;
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "AdaptiveEtl.Kit.sln"))) return dir.FullName;
    return Environment.GetEnvironmentVariable("ADAPTIVE_ETL_KIT_ROOT") ?? "/work/main";
}

internal sealed record Row(string Series, int N, int H, double ArimaMase, string ArimaModel, double EtsMase, string EtsModel, double NaiveMase);
internal sealed record RRow(double ArimaMase, string ArimaModel, double EtsMase, string EtsModel, int ArimaIn80, int ArimaIn95, int EtsIn80, int EtsIn95);
internal sealed record RResults(Dictionary<string, RRow> Rows, double ArimaElapsed, double ArimaCpu, double EtsElapsed, double EtsCpu);
