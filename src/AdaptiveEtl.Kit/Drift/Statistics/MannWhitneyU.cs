using AdaptiveEtl.Kit.Drift.Comparison;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Mann–Whitney U rank test, two-sided, matching <c>scipy.stats.mannwhitneyu(a, b)</c> (SciPy 1.10, defaults
/// <c>use_continuity=True, method='auto'</c>): the statistic is U₁ = R₁ − n₁(n₁ + 1)/2 of the first sample (midranks for
/// ties); the p-value is exact (the null distribution of U counted over all arrangements) when one sample has at most 8
/// values and there are no ties, and otherwise the normal approximation with tie and continuity correction,
/// z = (max(U₁, U₂) − n₁n₂/2 − ½) / sqrt(n₁n₂/12 · ((n + 1) − Σ(t³ − t)/(n(n − 1)))), p = 2·(1 − Φ(z)), capped at 1
/// (Mann &amp; Whitney 1947, Ann. Math. Statist. 18(1); tie correction as in Lehmann, "Nonparametrics", 1975).
/// </summary>
/// <remarks>
/// Hand-written: Math.NET Numerics 5.0 has no rank tests and no other served library provides one. It detects a shift of
/// location (stochastic dominance), not a change of spread or shape at equal median; use KS, Cramér–von Mises or
/// Anderson–Darling for those.
/// </remarks>
public static class MannWhitneyU
{
    private const string Name = "Mann–Whitney U test";

    /// <summary>Tests two samples (not modified; NaN not allowed, ±∞ are ordinary extremes).</summary>
    /// <exception cref="KitDataException">A sample is empty or contains NaN.</exception>
    public static TestResult Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        SampleChecks.NotNaN(a, "a", Name);
        SampleChecks.NotNaN(b, "b", Name);
        var sa = a.ToArray();
        var sb = b.ToArray();
        KolmogorovSmirnov.SortBoth(sa, sb);
        return TestSorted(sa, sb);
    }

    /// <summary>Tests two samples already sorted ascending.</summary>
    /// <exception cref="KitDataException">A sample is empty, contains NaN or is not sorted ascending.</exception>
    public static TestResult TestSorted(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        if (sortedA.Length == 0 || sortedB.Length == 0) throw new KitDataException($"the Mann–Whitney U test needs two non-empty samples; got sizes {sortedA.Length} and {sortedB.Length}.");
        SampleChecks.SortedAscending(sortedA, nameof(sortedA), Name, allowInfinity: true);
        SampleChecks.SortedAscending(sortedB, nameof(sortedB), Name, allowInfinity: true);
        var w = NumericComparison.Walk(sortedA, sortedB, []);
        return FromRanks(w.ReferenceRankSum, sortedA.Length, sortedB.Length, w.TieTerm, w.HasTies);
    }

    /// <summary>Above this size of the smaller sample SciPy (and the kit) always use the normal approximation.</summary>
    public const int MaxExactSampleSize = 8;

    /// <summary>The test from the first sample's rank sum, the sizes and the tie term Σ(t³ − t).</summary>
    internal static TestResult FromRanks(double rankSum, long n1, long n2, double tieTerm, bool ties)
    {
        double u1 = rankSum - n1 * (n1 + 1) / 2.0, u2 = (double)n1 * n2 - u1, u = Math.Max(u1, u2);
        double p;
        if (!(n1 > MaxExactSampleSize && n2 > MaxExactSampleSize) && !ties)
            p = 2 * ExactSurvival((long)Math.Round(u), Math.Min(n1, n2), Math.Max(n1, n2));
        else
        {
            double n = n1 + n2, mu = (double)n1 * n2 / 2;
            double s = Math.Sqrt((double)n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
            p = s > 0 ? 2 * Normal.CDF(0, 1, -((u - mu - 0.5) / s)) : 1;
        }
        return new TestResult(u1, Math.Clamp(p, 0, 1));
    }

    /// <summary>
    /// P(U ≥ u) under the null for sizes k ≤ n: the number of arrangements with U = v counted with the recurrence
    /// c(i, j, v) = c(i − 1, j, v − j) + c(i, j − 1, v) (the largest value is either from the first sample, above all j
    /// values of the second, or from the second), over a (k + 1) × (k·n + 1) table updated once per j.
    /// </summary>
    private static double ExactSurvival(long u, long k, long n)
    {
        int kk = (int)k, max = (int)(k * n);
        var c = new double[kk + 1][];
        for (int i = 0; i <= kk; i++) c[i] = new double[max + 1];
        for (int i = 0; i <= kk; i++) c[i][0] = 1; // j = 0: one arrangement, U = 0
        for (int j = 1; j <= n; j++)
            for (int i = 1; i <= kk; i++)
            {
                // c[i] currently holds c(i, j − 1, ·); c[i − 1] already holds c(i − 1, j, ·).
                var row = c[i];
                var prev = c[i - 1];
                for (int v = Math.Min(max, i * j); v >= j; v--) row[v] += prev[v - j];
            }
        double total = 0, above = 0;
        var last = c[kk];
        for (int v = 0; v <= max; v++)
        {
            total += last[v];
            if (v >= u) above += last[v];
        }
        return above / total;
    }
}
