using MathNet.Numerics;

namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Fisher's exact test of a 2×2 table [[a, b], [c, d]] (rows: reference, current), two-sided, matching
/// <c>scipy.stats.fisher_exact(table)</c>: the p-value sums the hypergeometric probabilities of every table with the same
/// margins that is no more likely than the observed one (relative tolerance 1e-14 as SciPy's); the statistic is the sample
/// odds ratio a·d / (b·c) (∞ when b·c = 0, NaN when a margin is 0, then p = 1). Fisher, R. A. (1922), "On the
/// interpretation of χ² from contingency tables", J. R. Stat. Soc. 85(1), 87–94. Used by the drift detector where a χ²
/// table is too sparse even after pooling. Hand-written: Math.NET has the hypergeometric distribution but not the test.
/// </summary>
public static class FisherExactTest
{
    /// <summary>Tests the table [[a, b], [c, d]].</summary>
    /// <exception cref="KitDataException">A count is negative.</exception>
    public static TestResult Test(long a, long b, long c, long d)
    {
        if (a < 0 || b < 0 || c < 0 || d < 0) throw new KitDataException($"Fisher's exact test needs non-negative counts; got [[{a}, {b}], [{c}, {d}]].");
        long n1 = a + b, n2 = c + d, k = a + c, n = n1 + n2;
        if (n1 == 0 || n2 == 0 || k == 0 || b + d == 0) return new TestResult(double.NaN, 1);
        double odds = b > 0 && c > 0 ? (double)a * d / ((double)b * c) : double.PositiveInfinity;
        // P(X = x) for X ~ Hypergeometric(population n, successes n1, draws k): C(n1, x)·C(n2, k − x) / C(n, k).
        double logDenominator = Comb(n, k);
        double Pmf(long x) => Math.Exp(Comb(n1, x) + Comb(n2, k - x) - logDenominator);
        long lo = Math.Max(0, k - n2), hi = Math.Min(k, n1);
        double observed = Pmf(a), cutoff = observed * (1 + 1e-14), p = 0;
        for (long x = lo; x <= hi; x++)
        {
            double px = Pmf(x);
            if (px <= cutoff) p += px;
        }
        return new TestResult(odds, Math.Clamp(p, 0, 1));
    }

    private static double Comb(long n, long k) => SpecialFunctions.GammaLn(n + 1.0) - SpecialFunctions.GammaLn(k + 1.0) - SpecialFunctions.GammaLn(n - k + 1.0);
}
