using AdaptiveEtl.Kit.Drift.Comparison;
using MathNet.Numerics;

namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Cramér–von Mises two-sample test, matching <c>scipy.stats.cramervonmises_2samp(a, b)</c> (SciPy 1.10,
/// <c>method='auto'</c>): with r_i, s_j the midranks of the sorted samples (sizes m, n; N = m + n) in the pooled sample,
/// U = m·Σ(r_i − i)² + n·Σ(s_j − j)² and T = U/(mnN) − (4mn − 1)/(6N) (Anderson, T. W. 1962, "On the distribution of
/// the two-sample Cramér–von Mises criterion", Ann. Math. Statist. 33(3), eqs. 9–10). The p-value P(T ≥ t) is exact
/// when both samples have at most 20 values (all C(N, m) arrangements counted; ties are not modelled, as in SciPy), and
/// otherwise from the limiting distribution of the one-sample statistic applied to T standardised with its exact mean
/// and variance (Anderson 1962, eqs. 11, 14, 15), evaluated with the series of Csörgő &amp; Faraway (1996), J. R. Stat.
/// Soc. B 58(1), eq. 1.2.
/// </summary>
/// <remarks>
/// Hand-written: Math.NET Numerics 5.0 has no Cramér–von Mises test (it supplies the Bessel function K_{1/4} of the
/// series). Weighs the whole distribution, so it reacts to changes of shape and spread that KS (one largest gap) and
/// Mann–Whitney (location) can miss.
/// </remarks>
public static class CramerVonMises
{
    private const string Name = "Cramér–von Mises test";

    /// <summary>SciPy's rule: the exact p-value when both samples have at most this many values.</summary>
    public const int MaxExactSampleSize = 20;

    /// <summary>Tests two samples (not modified; NaN not allowed, ±∞ are ordinary extremes: the test uses ranks only).</summary>
    /// <exception cref="KitDataException">A sample is empty or contains NaN.</exception>
    public static TestResult TestTwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        SampleChecks.NotNaN(a, "a", Name);
        SampleChecks.NotNaN(b, "b", Name);
        var sa = a.ToArray();
        var sb = b.ToArray();
        KolmogorovSmirnov.SortBoth(sa, sb);
        return TestTwoSampleSorted(sa, sb);
    }

    /// <summary>Tests two samples already sorted ascending.</summary>
    /// <exception cref="KitDataException">A sample is empty, contains NaN or is not sorted ascending.</exception>
    public static TestResult TestTwoSampleSorted(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        if (sortedA.Length < 1 || sortedB.Length < 1) throw new KitDataException($"the Cramér–von Mises test needs two non-empty samples; got sizes {sortedA.Length} and {sortedB.Length}.");
        SampleChecks.SortedAscending(sortedA, nameof(sortedA), Name, allowInfinity: true);
        SampleChecks.SortedAscending(sortedB, nameof(sortedB), Name, allowInfinity: true);
        return FromU(NumericComparison.Walk(sortedA, sortedB, []).CramerVonMisesU, sortedA.Length, sortedB.Length);
    }

    /// <summary>The test from U and the sample sizes.</summary>
    internal static TestResult FromU(double u, long m, long n)
    {
        double k = (double)m * n, bigN = m + n;
        double t = u / (k * bigN) - (4 * k - 1) / (6 * bigN);
        double p;
        if (Math.Max(m, n) <= MaxExactSampleSize) p = ExactSurvival(u, (int)m, (int)n);
        else
        {
            double et = (1 + 1 / bigN) / 6;
            double vt = (bigN + 1) * (4 * k * bigN - 3 * ((double)m * m + (double)n * n) - 2 * k) / (45 * bigN * bigN * 4 * k);
            double tn = 1.0 / 6 + (t - et) / Math.Sqrt(45 * vt);
            p = tn < 0.003 ? 1.0 : Math.Max(0, 1 - LimitingCdf(tn));
        }
        return new TestResult(t, Math.Clamp(p, 0, 1));
    }

    /// <summary>
    /// CDF of the limiting one-sample Cramér–von Mises distribution (Csörgő &amp; Faraway 1996, eq. 1.2, as SciPy's
    /// <c>_cdf_cvm_inf</c>): Σ_k Γ(k + ½)/(Γ(k + 1)·π^{3/2}·√x) · √(4k + 1) · e^{−q} · K_{1/4}(q), q = (4k + 1)²/(16x),
    /// summed until a term is below 1e-7.
    /// </summary>
    internal static double LimitingCdf(double x)
    {
        double total = 0;
        for (int k = 0; k < 1000; k++)
        {
            double u = Math.Exp(SpecialFunctions.GammaLn(k + 0.5) - SpecialFunctions.GammaLn(k + 1)) / (Math.Pow(Math.PI, 1.5) * Math.Sqrt(x));
            double y = 4 * k + 1, q = y * y / (16 * x);
            double term = u * Math.Sqrt(y) * Math.Exp(-q) * SpecialFunctions.BesselK(0.25, q);
            if (!double.IsFinite(term)) term = 0; // K underflows to 0 · ∞ for huge q: the term is 0
            total += term;
            if (Math.Abs(term) < 1e-7) break;
        }
        return total;
    }

    /// <summary>
    /// P(U ≥ u) over all C(m + n, m) equally likely arrangements without ties: a path through the (i, j) lattice adds
    /// m·j² when the i-th value of the first sample comes after j values of the second (its rank minus its index is j)
    /// and n·i² for the j-th value of the second after i of the first; the distribution of U/gcd(m, n) is counted per
    /// lattice point, one row of points kept at a time.
    /// </summary>
    private static double ExactSurvival(double u, int m, int n)
    {
        long g = Gcd(m, n), wm = m / g, wn = n / g;
        var row = new Dictionary<long, double>[n + 1];
        row[0] = new() { [0] = 1 };
        for (int j = 1; j <= n; j++) row[j] = new() { [0] = 1 }; // i = 0: a y with no x before it adds n·0²
        for (int i = 1; i <= m; i++)
        {
            var next = new Dictionary<long, double>[n + 1];
            for (int j = 0; j <= n; j++)
            {
                // Arrive at (i, j) by placing the i-th x after j y's (from (i − 1, j)) or the j-th y after i x's (from (i, j − 1)).
                var d = Shift(row[j], wm * j * (long)j);
                if (j > 0) foreach (var (v, c) in next[j - 1]) d[v + wn * i * (long)i] = d.GetValueOrDefault(v + wn * i * (long)i) + c;
                next[j] = d;
            }
            row = next;
        }
        double total = 0, above = 0, threshold = u / g * (1 - 1e-12);
        foreach (var (v, c) in row[n])
        {
            total += c;
            if (v >= threshold) above += c;
        }
        return above / total;
    }

    private static Dictionary<long, double> Shift(Dictionary<long, double> source, long by)
    {
        var d = new Dictionary<long, double>(source.Count);
        foreach (var (v, c) in source) d[v + by] = c;
        return d;
    }

    private static long Gcd(long a, long b) { while (b != 0) (a, b) = (b, a % b); return a; }
}
