namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// First Wasserstein (earth mover's) distance between two empirical distributions, W₁ = ∫ |F_a(x) − F_b(x)| dx,
/// matching <c>scipy.stats.wasserstein_distance(a, b)</c>; computed by one merge walk over the sorted samples.
/// </summary>
public static class Wasserstein
{
    private const string Name = "Wasserstein distance";

    /// <summary>W₁ between two samples (copied and sorted).</summary>
    /// <exception cref="KitDataException">A sample is empty or holds NaN or ±∞ (the distance would be undefined).</exception>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        SampleChecks.Finite(a, nameof(a), Name);
        SampleChecks.Finite(b, nameof(b), Name);
        var sa = a.ToArray();
        var sb = b.ToArray();
        Array.Sort(sa);
        Array.Sort(sb);
        return DistanceSorted(sa, sb);
    }

    /// <summary>W₁ between two samples already sorted ascending.</summary>
    /// <exception cref="KitDataException">A sample is empty, holds NaN or ±∞, or is not sorted ascending.</exception>
    public static double DistanceSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0 || b.Length == 0) throw new KitDataException($"the Wasserstein distance needs two non-empty samples; got sizes {a.Length} and {b.Length}.");
        SampleChecks.SortedAscending(a, nameof(a), Name, allowInfinity: false);
        SampleChecks.SortedAscending(b, nameof(b), Name, allowInfinity: false);
        return DistanceOfChecked(a, b);
    }

    /// <summary>The merge walk; both samples non-empty, finite and ascending (every step then advances i or j).</summary>
    private static double DistanceOfChecked(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, m = b.Length, i = 0, j = 0;
        double total = 0, prev = Math.Min(a[0], b[0]);
        while (i < n || j < m)
        {
            double x = i < n && (j >= m || a[i] <= b[j]) ? a[i] : b[j];
            total += Math.Abs((double)i / n - (double)j / m) * (x - prev);
            prev = x;
            while (i < n && a[i] <= x) i++;
            while (j < m && b[j] <= x) j++;
        }
        return total;
    }

    /// <summary>
    /// W₁ divided by the reference's population standard deviation (ddof = 0), floored at 0.001 so that a constant
    /// reference does not divide by zero — Evidently's <c>wasserstein</c> drift test, which flags drift above 0.1: the
    /// current distribution moved by more than a tenth of a reference standard deviation.
    /// </summary>
    /// <exception cref="KitDataException">A sample is empty or holds NaN or ±∞.</exception>
    public static double NormalizedDistance(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        SampleChecks.Finite(reference, nameof(reference), Name);
        SampleChecks.Finite(current, nameof(current), Name);
        var sr = reference.ToArray();
        var sc = current.ToArray();
        Array.Sort(sr);
        Array.Sort(sc);
        return NormalizedDistanceSorted(sr, sc);
    }

    /// <summary><see cref="NormalizedDistance"/> on sorted samples.</summary>
    /// <exception cref="KitDataException">A sample is empty, holds NaN or ±∞, or is not sorted ascending.</exception>
    public static double NormalizedDistanceSorted(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.Length == 0 || current.Length == 0) throw new KitDataException($"the Wasserstein distance needs two non-empty samples; got sizes {reference.Length} and {current.Length}.");
        SampleChecks.SortedAscending(reference, nameof(reference), Name, allowInfinity: false);
        SampleChecks.SortedAscending(current, nameof(current), Name, allowInfinity: false);
        return DistanceOfChecked(reference, current) / Math.Max(PopulationStdDev(reference), 0.001);
    }

    internal static double PopulationStdDev(ReadOnlySpan<double> x)
    {
        double mean = 0;
        for (int i = 0; i < x.Length; i++) mean += x[i];
        mean /= x.Length;
        double ss = 0;
        for (int i = 0; i < x.Length; i++) { double d = x[i] - mean; ss += d * d; }
        return Math.Sqrt(ss / x.Length);
    }
}
