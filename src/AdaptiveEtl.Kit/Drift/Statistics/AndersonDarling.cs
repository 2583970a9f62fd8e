using MathNet.Numerics;

namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Anderson–Darling k-sample test, matching <c>scipy.stats.anderson_ksamp(samples)</c> (SciPy 1.10, <c>midrank=True</c>):
/// the midrank statistic A²akN for tied data (Scholz, F. W. &amp; Stephens, M. A. 1987, "K-sample Anderson–Darling tests",
/// J. Amer. Statist. Assoc. 82(399), 918–924, eq. 7), standardised with its exact variance under the null (eq. 4), and the
/// p-value interpolated from the critical values of their Table 2 by a quadratic fit of log(level) — SciPy's procedure,
/// clipped to [0.001, 0.25].
/// </summary>
/// <remarks>
/// Hand-written: Math.NET Numerics 5.0 has no Anderson–Darling k-sample test (its least-squares polynomial fit is used
/// for the interpolation). Weighs the tails more than Cramér–von Mises. As a drift method the two-sample case is computed
/// by the kit's merge walk, so it works on the DuckDB push-down too.
/// </remarks>
public static class AndersonDarling
{
    private static readonly double[] Levels = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
    private static readonly double[] B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
    private static readonly double[] B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
    private static readonly double[] B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

    /// <summary>Tests two samples.</summary>
    /// <exception cref="KitDataException">As <see cref="TestKSample"/>.</exception>
    public static AndersonDarlingResult TestTwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TestKSample([a.ToArray(), b.ToArray()]);

    /// <summary>Tests whether k ≥ 2 samples come from the same distribution.</summary>
    /// <exception cref="KitDataException">Fewer than 2 samples, an empty sample, NaN, fewer than 4 values in all or a single distinct value.</exception>
    public static AndersonDarlingResult TestKSample(IReadOnlyList<double[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 2) throw new KitDataException($"the Anderson–Darling k-sample test needs at least 2 samples; got {samples.Count}.");
        var sorted = new double[samples.Count][];
        for (int s = 0; s < samples.Count; s++)
        {
            ArgumentNullException.ThrowIfNull(samples[s]);
            if (samples[s].Length == 0) throw new KitDataException($"the Anderson–Darling test: sample {s} is empty.");
            SampleChecks.NotNaN(samples[s], $"samples[{s}]", "Anderson–Darling test");
            sorted[s] = (double[])samples[s].Clone();
            Array.Sort(sorted[s]);
        }
        var pooled = sorted.SelectMany(x => x).ToArray();
        Array.Sort(pooled);
        long bigN = pooled.Length;
        double a2 = 0;
        var sums = new double[sorted.Length];
        int start = 0;
        while (start < pooled.Length)
        {
            int end = start;
            while (end < pooled.Length && pooled[end] == pooled[start]) end++;
            double z = pooled[start], l = end - start, b = start + l / 2.0;
            double denominator = b * (bigN - b) - bigN * l / 4.0;
            if (denominator > 0)
                for (int s = 0; s < sorted.Length; s++)
                {
                    int right = UpperBound(sorted[s], z), left = LowerBound(sorted[s], z);
                    double m = right - (right - left) / 2.0, x = bigN * m - b * sorted[s].Length;
                    sums[s] += l / bigN * x * x / denominator;
                }
            start = end;
        }
        for (int s = 0; s < sorted.Length; s++) a2 += sums[s] / sorted[s].Length;
        if (pooled[0] == pooled[^1]) throw new KitDataException("the Anderson–Darling test needs more than one distinct value.");
        return FromStatistic(a2 * (bigN - 1.0) / bigN, sorted.Select(x => (long)x.Length).ToArray());
    }

    /// <summary>Standardises A²akN and interpolates its p-value (SciPy's <c>anderson_ksamp</c> after the statistic).</summary>
    /// <exception cref="KitDataException">Fewer than 4 values in all.</exception>
    internal static AndersonDarlingResult FromStatistic(double a2kN, IReadOnlyList<long> sizes)
    {
        int k = sizes.Count;
        double bigN = sizes.Sum();
        if (bigN < 4) throw new KitDataException($"the Anderson–Darling test needs at least 4 values in all; got {bigN}.");
        double hSmall = sizes.Sum(n => 1.0 / n);
        // h = Σ_{i=1}^{N−1} 1/i; g = Σ_{i=1}^{N−2} Σ_{j=i+1}^{N−1} 1/((N − i)·j), as SciPy builds them from cumulative sums.
        double cumulative = 0, g = 0;
        for (long idx = 0; idx < (long)bigN - 2; idx++)
        {
            cumulative += 1.0 / (bigN - 1 - idx);
            g += cumulative / (idx + 2);
        }
        double h = cumulative + 1;
        double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * hSmall;
        double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * hSmall - 8 * h + 4 * g - 6;
        double c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * hSmall + 4 * h;
        double d = (2 * h + 6) * k * k - 4 * h * k;
        double sigmaSq = (a * bigN * bigN * bigN + b * bigN * bigN + c * bigN + d) / ((bigN - 1) * (bigN - 2) * (bigN - 3));
        double m = k - 1;
        double statistic = (a2kN - m) / Math.Sqrt(sigmaSq);
        var critical = Enumerable.Range(0, Levels.Length).Select(i => B0[i] + B1[i] / Math.Sqrt(m) + B2[i] / m).ToArray();
        double p;
        bool clipped = false;
        if (statistic < critical.Min()) { p = Levels.Max(); clipped = true; }
        else if (statistic > critical.Max()) { p = Levels.Min(); clipped = true; }
        else
        {
            var coefficients = Fit.Polynomial(critical, Levels.Select(l => Math.Log(l)).ToArray(), 2); // ascending powers
            p = Math.Exp(coefficients[0] + coefficients[1] * statistic + coefficients[2] * statistic * statistic);
        }
        return new AndersonDarlingResult(statistic, critical, p, clipped);
    }

    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >> 1; if (sorted[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >> 1; if (sorted[mid] <= x) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
