// Drift throughput benchmark: two-sample Kolmogorov–Smirnov and PSI (10 reference-quantile bins) on two seeded normal
// samples of n rows each, timed in .NET, then the same computations with SciPy 1.10 / numpy (/usr/bin/python3) on the
// same data (written as raw little-endian float64 files), run as a subprocess. Prints rows/s (2n rows per comparison)
// and the ratio ours / SciPy (> 1 = we are faster). Results must agree: the KS statistic exactly, p-values and PSI to 1e-9.
// Python is skipped cleanly when /usr/bin/python3 with scipy is not available.
using System.Diagnostics;
using System.Globalization;
using AdaptiveEtl.Kit.Drift.Statistics;

var sizes = args.Length > 0 ? args.Select(a => (int)double.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1_000_000, 10_000_000];
const int Repeats = 3;
var dir = Path.Combine(Path.GetTempPath(), "aek-drift-bench-" + Environment.ProcessId);
Directory.CreateDirectory(dir);
var python = FindPython();
Console.WriteLine($"DriftThroughput — {Environment.ProcessorCount} cores, .NET {Environment.Version}, best of {Repeats} runs; python: {python ?? "not available (SciPy columns skipped)"}");
Console.WriteLine();
Console.WriteLine($"{"n",11} {"method",-5} {"ours s",9} {"ours rows/s",13} {"SciPy s",9} {"SciPy rows/s",13} {"ours/SciPy",10}  agreement");
try
{
    foreach (var n in sizes)
    {
        var a = Normal(n, 0.0, 1.0, seed: 1);
        var b = Normal(n, 0.002, 1.0, seed: 2);
        var fa = Path.Combine(dir, "a.f64");
        var fb = Path.Combine(dir, "b.f64");
        File.WriteAllBytes(fa, System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()).ToArray());
        File.WriteAllBytes(fb, System.Runtime.InteropServices.MemoryMarshal.AsBytes(b.AsSpan()).ToArray());

        KolmogorovSmirnovResult ks = null!;
        double ksTime = Best(() => ks = KolmogorovSmirnov.Test(a, b));
        PsiResult psi = null!;
        double psiTime = Best(() => psi = PopulationStabilityIndex.Compute(a, b));

        var py = python is null ? null : RunPython(python, fa, fb);
        Print(n, "KS", ksTime, py?.KsTime, py is null ? "" :
            $"D {ks.Statistic:G10} vs {py.Value.KsD:G10}, p {ks.PValue:G6} vs {py.Value.KsP:G6}" + (Math.Abs(ks.Statistic - py.Value.KsD) < 1e-12 && Math.Abs(ks.PValue - py.Value.KsP) < 1e-6 ? " ok" : " MISMATCH"));
        Print(n, "PSI", psiTime, py?.PsiTime, py is null ? "" :
            $"PSI {psi.Value:G8} vs {py.Value.Psi:G8}" + (Math.Abs(psi.Value - py.Value.Psi) < 1e-9 ? " ok" : " MISMATCH"));
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

static void Print(int n, string method, double ours, double? scipy, string agreement)
{
    double rows = 2.0 * n;
    string s = scipy is { } t ? $"{t,9:F3} {rows / t,13:N0} {t / ours,10:F2}" : $"{"-",9} {"-",13} {"-",10}";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,11:N0} {method,-5} {ours,9:F3} {rows / ours,13:N0} {s}  {agreement}"));
}

static double Best(Action run)
{
    double best = double.MaxValue;
    for (int i = 0; i < Repeats; i++)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        run();
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }
    return best;
}

static double[] Normal(int n, double mean, double sd, int seed)
{
    var rng = new Random(seed);
    var x = new double[n];
    for (int i = 0; i < n; i++)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        x[i] = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2); // Box–Muller
    }
    return x;
}

static string? FindPython()
{
    foreach (var py in new[] { "/usr/bin/python3", "python3" })
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(py, ["-c", "import scipy, numpy"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit();
            if (p.ExitCode == 0) return py;
        }
        catch (System.ComponentModel.Win32Exception) { }
    }
    return null;
}

static (double KsTime, double KsD, double KsP, double PsiTime, double Psi)? RunPython(string python, string fa, string fb)
{
    // Same work as the .NET side: ks_2samp (auto → asymptotic for n > 10 000) and PSI with numpy quantile edges
    // (linear interpolation, duplicates dropped), np.histogram counts, epsilon 1e-4 on the shares. Best of 3.
    const string script = """
import sys, time, numpy as np
from scipy import stats
a = np.fromfile(sys.argv[1], dtype='<f8'); b = np.fromfile(sys.argv[2], dtype='<f8')
def psi(r, c, bins=10, eps=1e-4):
    e = np.quantile(r, np.arange(1, bins) / bins)
    e = np.unique(e[e > r.min()])
    edges = np.concatenate(([-np.inf], e, [np.inf]))
    rs = np.histogram(r, edges)[0] / len(r); cs = np.histogram(c, edges)[0] / len(c)
    return float(np.sum((cs + eps - (rs + eps)) * np.log((cs + eps) / (rs + eps))))
def best(f):
    t = 1e9
    for _ in range(3):
        s = time.perf_counter(); v = f(); t = min(t, time.perf_counter() - s)
    return t, v
tk, k = best(lambda: stats.ks_2samp(a, b))
tp, p = best(lambda: psi(a, b))
print(repr(tk), repr(float(k.statistic)), repr(float(k.pvalue)), repr(tp), repr(p))
""";
    var psi = new ProcessStartInfo(python, ["-c", script, fa, fb]) { RedirectStandardOutput = true, RedirectStandardError = true };
    using var proc = Process.Start(psi)!;
    var stdout = proc.StandardOutput.ReadToEnd();
    var stderr = proc.StandardError.ReadToEnd();
    proc.WaitForExit();
    if (proc.ExitCode != 0)
    {
        Console.WriteLine($"python failed ({proc.ExitCode}): {stderr.Trim()}");
        return null;
    }
    var f = stdout.Trim().Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
    return (f[0], f[1], f[2], f[3], f[4]);
}
