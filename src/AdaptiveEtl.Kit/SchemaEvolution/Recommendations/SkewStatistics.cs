namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// Skew figures of a distribution of row counts (per value of a key, or per partition): the share of the largest
/// groups, the Gini coefficient and the max/mean spread.
/// </summary>
public static class SkewStatistics
{
    /// <summary>
    /// The Gini coefficient of the counts: 0 when all groups are equal, towards 1 when one group holds everything. With the
    /// counts sorted ascending x₁ ≤ … ≤ xₙ: G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n + 1)/n (the sample Gini of the Lorenz curve).
    /// </summary>
    public static double Gini(IEnumerable<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var x = counts.Where(c => c > 0).Order().ToArray();
        if (x.Length < 2) return 0;
        double total = x.Sum(v => (double)v), weighted = 0;
        for (int i = 0; i < x.Length; i++) weighted += (i + 1) * (double)x[i];
        return 2 * weighted / (x.Length * total) - (x.Length + 1.0) / x.Length;
    }

    /// <summary>The share of all rows held by the <paramref name="k"/> largest groups.</summary>
    public static double TopShare(IEnumerable<long> counts, int k = 1)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var x = counts.OrderDescending().ToArray();
        double total = x.Sum(v => (double)v);
        return total == 0 ? 0 : x.Take(k).Sum(v => (double)v) / total;
    }

    /// <summary>The largest group divided by the mean group size (1 = perfectly even).</summary>
    public static double Spread(IEnumerable<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var x = counts.ToArray();
        return x.Length == 0 || x.Sum() == 0 ? 0 : x.Max() / x.Average();
    }
}
