namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Pearson's χ² test of homogeneity on the 2×k contingency table (reference counts, current counts) over the union of
/// categories, matching <c>scipy.stats.chi2_contingency(table)</c>: Yates' continuity correction only when there is one
/// degree of freedom (k = 2), none for k &gt; 2; the p-value from Math.NET (regularized upper incomplete gamma = χ² survival function).
/// </summary>
public static class ChiSquareTest
{
    /// <summary>Tests whether two category-count tables come from the same distribution.</summary>
    /// <exception cref="KitDataException">A side has no observations or a count is negative.</exception>
    public static TestResult Test(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        foreach (var (k, v) in reference) SampleChecks.Count(v, nameof(reference), "χ² test", $"category '{k}'");
        foreach (var (k, v) in current) SampleChecks.Count(v, nameof(current), "χ² test", $"category '{k}'");
        var keys = reference.Keys.Union(current.Keys).Where(k => reference.GetValueOrDefault(k) + current.GetValueOrDefault(k) > 0).ToArray();
        var r = keys.Select(k => (double)reference.GetValueOrDefault(k)).ToArray();
        var c = keys.Select(k => (double)current.GetValueOrDefault(k)).ToArray();
        return Test(r, c);
    }

    /// <summary>Tests a 2×k table given as two rows of counts of equal length (columns with zero total are dropped).</summary>
    /// <exception cref="KitDataException">The rows differ in length, a count is negative, NaN or infinite, or a side has no observations.</exception>
    public static TestResult Test(IReadOnlyList<double> referenceCounts, IReadOnlyList<double> currentCounts)
    {
        ArgumentNullException.ThrowIfNull(referenceCounts);
        ArgumentNullException.ThrowIfNull(currentCounts);
        if (referenceCounts.Count != currentCounts.Count)
            throw new KitDataException($"the χ² test needs count rows of equal length; got {referenceCounts.Count} and {currentCounts.Count}.");
        for (int i = 0; i < referenceCounts.Count; i++)
        {
            SampleChecks.Count(referenceCounts[i], nameof(referenceCounts), "χ² test", $"entry {i}");
            SampleChecks.Count(currentCounts[i], nameof(currentCounts), "χ² test", $"entry {i}");
        }
        var cols = Enumerable.Range(0, referenceCounts.Count).Where(i => referenceCounts[i] + currentCounts[i] > 0).ToArray();
        double rn = cols.Sum(i => referenceCounts[i]), cn = cols.Sum(i => currentCounts[i]), n = rn + cn;
        if (rn <= 0 || cn <= 0) throw new KitDataException($"the χ² test needs observations on both sides; got {rn} reference and {cn} current.");
        int dof = cols.Length - 1;
        if (dof < 1) return new TestResult(0, 1, 0);
        double stat = 0;
        foreach (var i in cols)
        {
            double colTotal = referenceCounts[i] + currentCounts[i];
            stat += Cell(referenceCounts[i], rn * colTotal / n, dof);
            stat += Cell(currentCounts[i], cn * colTotal / n, dof);
        }
        double p = MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(dof / 2.0, stat / 2.0); // = 1 − ChiSquared.CDF(dof, stat), without cancellation for tiny p
        return new TestResult(stat, double.IsFinite(p) ? Math.Clamp(p, 0, 1) : 0, dof);
    }

    private static double Cell(double observed, double expected, int dof)
    {
        double diff = observed - expected;
        if (dof == 1)
        {
            // Yates: move each observation half a unit towards its expectation, never past it (SciPy's rule).
            double adj = Math.Min(0.5, Math.Abs(diff));
            diff = Math.Sign(diff) * (Math.Abs(diff) - adj);
        }
        return diff * diff / expected;
    }
}
