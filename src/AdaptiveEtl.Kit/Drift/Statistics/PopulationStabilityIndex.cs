using System.Globalization;

namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Population Stability Index, PSI = Σ (c_i − r_i)·ln(c_i / r_i) over bins with reference shares r_i and current
/// shares c_i (Siddiqi 2006, "Credit Risk Scorecards", ch. 8; Yurdakul 2018). Numeric bins come from reference quantiles
/// (default 10, duplicate edges merged) or from given edges; bins are [lower, upper) with open ends.
/// </summary>
/// <remarks>
/// Empty bins: <see cref="DefaultEpsilon"/> (1e-4) is added to every share before taking the logarithm, as is common
/// practice, so an empty bin contributes a large but finite term instead of infinity. Shares in the returned bins are
/// the raw ones. Hand-written: a few lines, and no served library computes PSI.
/// </remarks>
public static class PopulationStabilityIndex
{
    /// <summary>Added to every bin share before the logarithm so that empty bins give a finite index.</summary>
    public const double DefaultEpsilon = 1e-4;

    /// <summary>Default lower band: below it, no significant change.</summary>
    public const double DefaultModerate = 0.1;

    /// <summary>Default upper band: at or above it, a significant change.</summary>
    public const double DefaultSignificant = 0.25;

    /// <summary>PSI of two numeric samples with <paramref name="bins"/> reference-quantile bins.</summary>
    /// <exception cref="KitDataException">
    /// A sample is empty, the reference holds NaN or ±∞ (its quantiles would be undefined), the current sample holds NaN
    /// (±∞ fall in the open end bins), or bins &lt; 2.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not a finite positive number.</exception>
    public static PsiResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins = 10, double epsilon = DefaultEpsilon)
    {
        if (bins < 2) throw new KitDataException($"PSI needs at least 2 bins; got {bins}.");
        SampleChecks.Epsilon(epsilon, nameof(epsilon));
        CheckNotEmpty(reference.Length, current.Length);
        SampleChecks.Finite(reference, nameof(reference), Name);
        SampleChecks.NotNaN(current, nameof(current), Name);
        // Only the reference needs sorting (for its quantiles); current values are binned by binary search over the
        // few edges, O(m log bins).
        var r = ParallelSort.Sort(reference.ToArray());
        var edges = QuantileEdges(r, bins);
        return FromCounts(edges, CountSorted(r, edges), Count(current, edges), epsilon);
    }

    /// <summary>PSI of two sorted numeric samples with reference-quantile bins (no copy).</summary>
    /// <exception cref="KitDataException">As <see cref="Compute"/>, or a sample is not sorted ascending.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not a finite positive number.</exception>
    public static PsiResult ComputeSorted(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, int bins = 10, double epsilon = DefaultEpsilon)
    {
        if (bins < 2) throw new KitDataException($"PSI needs at least 2 bins; got {bins}.");
        SampleChecks.Epsilon(epsilon, nameof(epsilon));
        CheckNotEmpty(sortedReference.Length, sortedCurrent.Length);
        SampleChecks.SortedAscending(sortedReference, nameof(sortedReference), Name, allowInfinity: false);
        SampleChecks.SortedAscending(sortedCurrent, nameof(sortedCurrent), Name, allowInfinity: true);
        var edges = QuantileEdges(sortedReference, bins);
        return FromCounts(edges, CountSorted(sortedReference, edges), CountSorted(sortedCurrent, edges), epsilon);
    }

    /// <summary>PSI of two numeric samples with the given interior bin edges (ascending; open ends are added).</summary>
    /// <exception cref="KitDataException">A sample is empty or holds NaN, or the edges are not finite and strictly ascending.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not a finite positive number.</exception>
    public static PsiResult ComputeWithEdges(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, IReadOnlyList<double> edges, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(edges);
        SampleChecks.Epsilon(epsilon, nameof(epsilon));
        CheckNotEmpty(reference.Length, current.Length);
        var e = edges.ToArray();
        CheckEdges(e);
        return FromCounts(e, Count(reference, e), Count(current, e), epsilon);
    }

    /// <summary>Categorical PSI from category counts (categories missing on one side count as 0).</summary>
    /// <exception cref="KitDataException">A side has no observations or a count is negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not a finite positive number.</exception>
    public static PsiResult ComputeCategorical(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        SampleChecks.Epsilon(epsilon, nameof(epsilon));
        foreach (var (k, v) in reference) SampleChecks.Count(v, nameof(reference), Name, $"category '{k}'");
        foreach (var (k, v) in current) SampleChecks.Count(v, nameof(current), Name, $"category '{k}'");
        var keys = reference.Keys.Union(current.Keys).OrderBy(k => k, StringComparer.Ordinal).ToArray();
        long rn = reference.Values.Sum(), cn = current.Values.Sum();
        CheckNotEmpty(rn, cn);
        var list = new List<PsiBin>(keys.Length);
        double total = 0;
        foreach (var k in keys)
        {
            long rc = reference.GetValueOrDefault(k), cc = current.GetValueOrDefault(k);
            double rs = (double)rc / rn, cs = (double)cc / cn;
            double term = Term(rs, cs, epsilon);
            total += term;
            list.Add(new PsiBin(k, null, null, rc, cc, rs, cs, term));
        }
        return new PsiResult(total, list, BandOf(total));
    }

    /// <summary>PSI from per-bin counts over the given interior edges (bins = edges + 1); used by the SQL and streaming paths.</summary>
    /// <exception cref="KitDataException">Count lists of the wrong length, a negative count, a side with no observations, or edges not finite and strictly ascending.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not a finite positive number.</exception>
    public static PsiResult FromCounts(IReadOnlyList<double> edges, IReadOnlyList<long> referenceCounts, IReadOnlyList<long> currentCounts, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(referenceCounts);
        ArgumentNullException.ThrowIfNull(currentCounts);
        SampleChecks.Epsilon(epsilon, nameof(epsilon));
        if (referenceCounts.Count != edges.Count + 1 || currentCounts.Count != edges.Count + 1)
            throw new KitDataException($"PSI needs {edges.Count + 1} counts per side for {edges.Count} edges; got {referenceCounts.Count} and {currentCounts.Count}.");
        CheckEdges(edges);
        for (int i = 0; i < referenceCounts.Count; i++)
        {
            SampleChecks.Count(referenceCounts[i], nameof(referenceCounts), Name, $"bin {i}");
            SampleChecks.Count(currentCounts[i], nameof(currentCounts), Name, $"bin {i}");
        }
        long rn = 0, cn = 0;
        for (int i = 0; i < referenceCounts.Count; i++) { rn += referenceCounts[i]; cn += currentCounts[i]; }
        CheckNotEmpty(rn, cn);
        var list = new List<PsiBin>(referenceCounts.Count);
        double total = 0;
        for (int i = 0; i < referenceCounts.Count; i++)
        {
            double lo = i == 0 ? double.NegativeInfinity : edges[i - 1], hi = i == edges.Count ? double.PositiveInfinity : edges[i];
            double rs = (double)referenceCounts[i] / rn, cs = (double)currentCounts[i] / cn;
            double term = Term(rs, cs, epsilon);
            total += term;
            list.Add(new PsiBin(IntervalLabel(lo, hi), lo, hi, referenceCounts[i], currentCounts[i], rs, cs, term));
        }
        return new PsiResult(total, list, BandOf(total));
    }

    /// <summary>The band of a PSI value for the given thresholds.</summary>
    public static PsiBand BandOf(double psi, double moderate = DefaultModerate, double significant = DefaultSignificant) =>
        psi >= significant ? PsiBand.Significant : psi >= moderate ? PsiBand.Moderate : PsiBand.NoChange;

    /// <summary>
    /// Interior edges at the reference quantiles i/bins (i = 1 … bins−1, linear interpolation as numpy's default),
    /// with duplicates removed, so that constant stretches of the reference do not produce empty bins.
    /// </summary>
    /// <exception cref="KitDataException">The sample is empty, holds NaN or ±∞, or is not sorted ascending.</exception>
    public static double[] QuantileEdges(ReadOnlySpan<double> sortedReference, int bins)
    {
        if (sortedReference.Length == 0) throw new KitDataException("PSI bin edges need a non-empty reference sample.");
        SampleChecks.SortedAscending(sortedReference, nameof(sortedReference), Name, allowInfinity: false);
        var edges = new List<double>(bins);
        for (int i = 1; i < bins; i++)
        {
            double q = Quantile(sortedReference, (double)i / bins);
            if (q > sortedReference[0] && (edges.Count == 0 || q > edges[^1])) edges.Add(q);
        }
        return edges.ToArray();
    }

    /// <summary>Linear-interpolation quantile of a sorted sample (numpy's default, R type 7).</summary>
    /// <exception cref="KitDataException">The sample is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1].</exception>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0) throw new KitDataException("a quantile needs a non-empty sample.");
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "a quantile's probability must lie in [0, 1].");
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Counts per bin [e_{i−1}, e_i) of a sorted sample by binary search on the edges.</summary>
    internal static long[] CountSorted(ReadOnlySpan<double> sorted, double[] edges)
    {
        var counts = new long[edges.Length + 1];
        int start = 0;
        for (int b = 0; b < edges.Length; b++)
        {
            int end = LowerBound(sorted, edges[b]);
            counts[b] = end - start;
            start = end;
        }
        counts[^1] = sorted.Length - start;
        return counts;
    }

    /// <summary>Counts per bin of an unsorted sample (binary search per value).</summary>
    /// <exception cref="KitDataException">A value is NaN.</exception>
    internal static long[] Count(ReadOnlySpan<double> values, double[] edges)
    {
        var counts = new long[edges.Length + 1];
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (double.IsNaN(v)) throw new KitDataException($"the PSI sample contains NaN at index {i}; remove missing values first.", row: i);
            counts[BinOf(edges, v)]++;
        }
        return counts;
    }

    /// <summary>Index of the bin [e_{i−1}, e_i) holding <paramref name="v"/>.</summary>
    internal static int BinOf(double[] edges, double v)
    {
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (edges[mid] <= v) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static int LowerBound(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (sorted[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static double Term(double r, double c, double eps)
    {
        double rr = r + eps, cc = c + eps;
        return (cc - rr) * Math.Log(cc / rr);
    }

    private const string Name = "PSI";

    private static void CheckEdges(IReadOnlyList<double> edges)
    {
        for (int i = 0; i < edges.Count; i++)
        {
            if (!double.IsFinite(edges[i])) throw new KitDataException($"PSI bin edges must be finite; edge {i} is {edges[i]}.");
            if (i > 0 && !(edges[i] > edges[i - 1])) throw new KitDataException($"PSI bin edges must be strictly ascending; edge {i} ({edges[i]}) follows {edges[i - 1]}.");
        }
    }

    private static void CheckNotEmpty(long rn, long cn)
    {
        if (rn == 0 || cn == 0) throw new KitDataException($"PSI needs non-empty reference and current samples; got {rn} and {cn} values.");
    }

    internal static string IntervalLabel(double lo, double hi) =>
        string.Create(CultureInfo.InvariantCulture, $"[{(double.IsNegativeInfinity(lo) ? "-inf" : lo.ToString("G4", CultureInfo.InvariantCulture))}, {(double.IsPositiveInfinity(hi) ? "+inf" : hi.ToString("G4", CultureInfo.InvariantCulture))})");
}
