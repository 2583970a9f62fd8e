using System.Diagnostics;
using System.Globalization;
using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Prophet;

/// <summary>
/// The kit's Prophet beside R prophet on dated monthly series (month-start dates, all start in January of the year given):
/// the last 24 months held out, MASE (seasonal-naive scale) and 80 % interval coverage. "kit, median step" places the
/// future dates at last + k × 31 days, the kit's behaviour before calendar stepping, passed through ForecastOptions.FutureTimestamps.
/// </summary>
internal static class ProphetMonthly
{
    private static readonly (string Name, int StartYear)[] Series =
    [
        ("AirPassengers", 1949), ("co2", 1959), ("nottem", 1920), ("USAccDeaths", 1973), ("ldeaths", 1974),
        ("mdeaths", 1974), ("fdeaths", 1974), ("UKDriverDeaths", 1969),
    ];

    private const int H = 24;

    public static void Run(string dataDir, bool withR)
    {
        var r = withR ? RunR(dataDir) : null;
        Console.WriteLine();
        Console.WriteLine($"Prophet on dated monthly data (last {H} months held out; MASE, 80 % coverage){(r is null ? " - R prophet not available" : "")}");
        Console.WriteLine($"{"series",-15} {"kit",8} {"kit cov",8} {"median step",12} {"R prophet",10} {"R cov",6}");
        double wall = 0;
        var kit = new List<double>(); var old = new List<double>(); var rm = new List<double>(); var kc = new List<double>(); var rc = new List<double>();
        foreach (var (name, year) in Series)
        {
            var v = File.ReadAllLines(Path.Combine(dataDir, name + ".csv")).Skip(1).Select(l => double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
            int n = v.Length - H;
            var ds = Enumerable.Range(0, v.Length).Select(i => new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(i)).ToArray();
            var train = new TimeSeries(name, v[..n], 12, ds[..n]);
            double scale = Enumerable.Range(12, n - 12).Average(i => Math.Abs(v[i] - v[i - 12]));
            var test = v[n..];
            var sw = Stopwatch.StartNew();
            var model = new ProphetForecaster().Fit(train);
            var f = model.Forecast(H, new ForecastOptions { Levels = [0.8] });
            wall += sw.Elapsed.TotalSeconds;
            var median = model.Forecast(H, new ForecastOptions { Levels = [0.8], FutureTimestamps = Enumerable.Range(1, H).Select(k => ds[n - 1].AddDays(31 * k)).ToArray() });
            double mase = Mase(test, f.Mean, scale), oldMase = Mase(test, median.Mean, scale);
            var iv = f.Intervals.Single();
            double cov = Enumerable.Range(0, H).Count(k => test[k] >= iv.Lower[k] && test[k] <= iv.Upper[k]) / (double)H;
            kit.Add(mase); old.Add(oldMase); kc.Add(cov);
            string rText = "-", rCov = "-";
            if (r is not null && r.TryGetValue(name, out var rr))
            {
                double rMase = Mase(test, rr.Yhat, scale);
                double rCoverage = Enumerable.Range(0, H).Count(k => test[k] >= rr.Lower[k] && test[k] <= rr.Upper[k]) / (double)H;
                rm.Add(rMase); rc.Add(rCoverage);
                rText = rMase.ToString("F3", CultureInfo.InvariantCulture); rCov = rCoverage.ToString("F2", CultureInfo.InvariantCulture);
            }
            Console.WriteLine($"{name,-15} {mase,8:F3} {cov,8:F2} {oldMase,12:F3} {rText,10} {rCov,6}");
        }
        Console.WriteLine($"mean: kit {kit.Average():F3} (80 % coverage {kc.Average():F2}), kit with median-step dates {old.Average():F3}" +
            (rm.Count > 0 ? $", R prophet {rm.Average():F3} (80 % coverage {rc.Average():F2}); ratio kit / R MASE {kit.Average() / rm.Average():F3}" : ""));
        Console.WriteLine($"kit Prophet fit+forecast wall time: {wall:F2} s for {Series.Length} series");
    }

    private static double Mase(double[] test, IReadOnlyList<double> mean, double scale) => Enumerable.Range(0, test.Length).Average(k => Math.Abs(test[k] - mean[k])) / scale;

    private sealed record RRow(double[] Yhat, double[] Lower, double[] Upper);

    private static Dictionary<string, RRow>? RunR(string dataDir)
    {
        var script = Path.Combine(Path.GetTempPath(), $"prophet-monthly-{Guid.NewGuid():N}.R");
        var list = string.Join(", ", Series.Select(s => $"c(\"{s.Name}\", \"{s.StartYear}\")"));
        File.WriteAllText(script, $$"""
            suppressMessages(library(prophet))
            for (s in list({{list}})) {
              v <- read.csv(file.path("{{dataDir.Replace("\\", "/")}}", paste0(s[1], ".csv")))$value
              n <- length(v) - {{H}}
              df <- data.frame(ds = seq(as.Date(paste0(s[2], "-01-01")), by = "month", length.out = n), y = v[1:n])
              m <- suppressMessages(prophet(df, seed = 1))
              fc <- tail(predict(m, make_future_dataframe(m, periods = {{H}}, freq = "month")), {{H}})
              cat(s[1], paste(sprintf("%.6f", fc$yhat), collapse = ";"), paste(sprintf("%.6f", fc$yhat_lower), collapse = ";"),
                  paste(sprintf("%.6f", fc$yhat_upper), collapse = ";"), sep = ",")
              cat("\n")
            }
            """);
        try
        {
            var psi = new ProcessStartInfo("Rscript", $"--vanilla \"{script}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi);
            if (p is null) return null;
            var errTask = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            _ = errTask.Result;
            if (p.ExitCode != 0) { Console.Error.WriteLine("Rscript with the prophet package failed; showing the kit's Prophet only."); return null; }
            static double[] Parse(string s) => s.Split(';').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            return output.Split('\n').Where(l => l.Contains(',')).Select(l => l.Split(','))
                .ToDictionary(f => f[0], f => new RRow(Parse(f[1]), Parse(f[2]), Parse(f[3])));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine("Rscript not found; showing the kit's Prophet only.");
            return null;
        }
        finally { File.Delete(script); }
    }
}
