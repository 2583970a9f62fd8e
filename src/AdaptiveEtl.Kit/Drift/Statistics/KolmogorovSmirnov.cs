namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Two-sample Kolmogorov–Smirnov test, two-sided, matching <c>scipy.stats.ks_2samp(a, b, method='auto')</c> (SciPy 1.10):
/// the statistic is the largest gap between the two empirical CDFs with ties handled as SciPy does (both CDFs are
/// evaluated right-continuously at every observed value); the p-value is exact when max(n, m) ≤ 10 000 and asymptotic
/// otherwise. O((n + m) log(n + m)): both samples are sorted once with <see cref="Array.Sort(Array)"/> and merged.
/// </summary>
/// <remarks>
/// Hand-written because neither Math.NET Numerics nor ML.NET ships a two-sample KS test. The null distributions
/// (exact lattice-path counting and the asymptotic Kolmogorov distribution) live in <see cref="KolmogorovDistribution"/>.
/// </remarks>
public static class KolmogorovSmirnov
{
    /// <summary>SciPy's <c>MAX_AUTO_N</c>: the exact p-value is used when both samples have at most this many values.</summary>
    public const int MaxExactSampleSize = 10_000;

    /// <summary>Runs the test on two samples (not modified; NaN values are not allowed, ±∞ are ordinary extremes: the test only uses ranks).</summary>
    /// <exception cref="KitDataException">A sample is empty or contains NaN.</exception>
    public static KolmogorovSmirnovResult Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sa = a.ToArray();
        var sb = b.ToArray();
        Check(sa, "a");
        Check(sb, "b");
        SortBoth(sa, sb);
        return TestSorted(sa, sb);
    }

    /// <summary>Runs the test on two samples that are already sorted ascending (no copy, no sort; one checking pass).</summary>
    /// <exception cref="KitDataException">A sample is empty, contains NaN or is not sorted ascending.</exception>
    public static KolmogorovSmirnovResult TestSorted(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        if (sortedA.Length == 0 || sortedB.Length == 0)
            throw new KitDataException("the Kolmogorov–Smirnov test needs two non-empty samples; got sizes " + sortedA.Length + " and " + sortedB.Length + ".");
        SampleChecks.SortedAscending(sortedA, nameof(sortedA), "Kolmogorov–Smirnov test", allowInfinity: true);
        SampleChecks.SortedAscending(sortedB, nameof(sortedB), "Kolmogorov–Smirnov test", allowInfinity: true);
        var (d, location) = Statistic(sortedA, sortedB);
        var (p, exact) = KolmogorovDistribution.TwoSampleSurvival(sortedA.Length, sortedB.Length, d);
        return new KolmogorovSmirnovResult(d, p, location, exact);
    }

    /// <summary>
    /// The statistic and its location from two sorted samples: a merge walk that advances past all copies of the
    /// smallest remaining value on both sides before comparing, which equals SciPy's <c>searchsorted(side='right')</c>.
    /// </summary>
    internal static (double D, double Location) Statistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, m = b.Length, i = 0, j = 0;
        double best = 0, bestAt = a.Length > 0 ? a[0] : double.NaN;
        double invN = 1.0 / n, invM = 1.0 / m;
        while (i < n || j < m)
        {
            double x = i < n && (j >= m || a[i] <= b[j]) ? a[i] : b[j];
            while (i < n && a[i] <= x) i++;
            while (j < m && b[j] <= x) j++;
            double gap = Math.Abs(i * invN - j * invM);
            if (gap > best) { best = gap; bestAt = x; }
        }
        return (best, bestAt);
    }

    /// <summary>Sorts two arrays, on two threads when both are large (the two sorts are independent).</summary>
    internal static void SortBoth(double[] a, double[] b)
    {
        if (a.Length + b.Length >= ParallelSortThreshold && Environment.ProcessorCount > 1)
            Parallel.Invoke(() => Array.Sort(a), () => Array.Sort(b));
        else
        {
            Array.Sort(a);
            Array.Sort(b);
        }
    }

    private const int ParallelSortThreshold = 200_000;

    private static void Check(double[] values, string name)
    {
        if (values.Length == 0) throw new KitDataException($"sample '{name}' is empty; the Kolmogorov–Smirnov test needs at least one value per sample.");
        for (int i = 0; i < values.Length; i++)
            if (double.IsNaN(values[i])) throw new KitDataException($"sample '{name}' contains NaN at index {i}; remove missing values before testing.", row: i);
    }
}
