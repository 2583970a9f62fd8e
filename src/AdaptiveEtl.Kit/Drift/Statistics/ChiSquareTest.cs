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

    /// <summary>The usual minimum expected count of a χ² cell (Cochran 1954).</summary>
    public const double DefaultMinimumExpected = 5;

    /// <summary>
    /// <see cref="Test(IReadOnlyDictionary{string, long}, IReadOnlyDictionary{string, long})"/> with sparse categories
    /// pooled first (see <see cref="TestPooled(IReadOnlyList{double}, IReadOnlyList{double}, double)"/>); the pooled cells
    /// are named by category.
    /// </summary>
    /// <exception cref="KitDataException">A side has no observations or a count is negative.</exception>
    public static ChiSquarePooledResult TestPooled(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current, double minimumExpected = DefaultMinimumExpected)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        foreach (var (k, v) in reference) SampleChecks.Count(v, nameof(reference), "χ² test", $"category '{k}'");
        foreach (var (k, v) in current) SampleChecks.Count(v, nameof(current), "χ² test", $"category '{k}'");
        var keys = reference.Keys.Union(current.Keys).Where(k => reference.GetValueOrDefault(k) + current.GetValueOrDefault(k) > 0)
            .OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var pooled = TestPooled(keys.Select(k => (double)reference.GetValueOrDefault(k)).ToArray(), keys.Select(k => (double)current.GetValueOrDefault(k)).ToArray(), minimumExpected);
        return pooled with { PooledCells = pooled.PooledCells.Select(i => keys[int.Parse(i, System.Globalization.CultureInfo.InvariantCulture)]).ToArray() };
    }

    /// <summary>
    /// χ² on a 2×k table after pooling the sparse cells, the textbook remedy when expected counts are small (Cochran, W. G.
    /// 1954, "Some methods for strengthening the common χ² tests", Biometrics 10(4), 417–451: the approximation needs
    /// expected counts of about 5; Agresti, "Categorical Data Analysis", 3rd ed., §3.2.2). A cell is sparse when its
    /// smaller expected count, min(n_ref, n_cur)·T_j / N, is below <paramref name="minimumExpected"/>. All sparse cells are
    /// merged into one; if that cell is still sparse it is merged into the smallest remaining cell. When nothing is sparse
    /// the result is exactly <see cref="Test(IReadOnlyList{double}, IReadOnlyList{double})"/> (SciPy's
    /// <c>chi2_contingency</c>). When pooling would leave fewer than two cells (e.g. a category that appears 3 times next
    /// to one that holds the rest, or a sample of a handful of values), the table is reduced to its largest cell against
    /// all the others and tested with <see cref="FisherExactTest"/>, exact at any size
    /// (<see cref="ChiSquarePooledResult.FisherExact"/>). A single category on both sides (one cell) is a valid table with
    /// χ² = 0, p = 1 (the shares cannot differ).
    /// </summary>
    /// <exception cref="KitDataException">The rows differ in length, a count is negative, NaN or infinite, a side has no observations, or the minimum is not positive.</exception>
    public static ChiSquarePooledResult TestPooled(IReadOnlyList<double> referenceCounts, IReadOnlyList<double> currentCounts, double minimumExpected = DefaultMinimumExpected)
    {
        ArgumentNullException.ThrowIfNull(referenceCounts);
        ArgumentNullException.ThrowIfNull(currentCounts);
        if (!double.IsFinite(minimumExpected) || minimumExpected <= 0)
            throw new KitDataException($"the χ² test's minimum expected count must be a finite positive number; got {minimumExpected}.");
        var raw = Test(referenceCounts, currentCounts); // validates, and is the answer when nothing is sparse
        var cols = Enumerable.Range(0, referenceCounts.Count).Where(i => referenceCounts[i] + currentCounts[i] > 0).ToArray();
        if (cols.Length < 2) return new ChiSquarePooledResult(raw, [], false);
        double rn = cols.Sum(i => referenceCounts[i]), cn = cols.Sum(i => currentCounts[i]), n = rn + cn, small = Math.Min(rn, cn);
        bool Sparse(double total) => small * total / n < minimumExpected;
        var sparse = cols.Where(i => Sparse(referenceCounts[i] + currentCounts[i])).ToArray();
        if (sparse.Length == 0) return new ChiSquarePooledResult(raw, [], false);
        var names = sparse.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var r = new List<double>();
        var c = new List<double>();
        foreach (var i in cols.Except(sparse)) { r.Add(referenceCounts[i]); c.Add(currentCounts[i]); }
        double pr = sparse.Sum(i => referenceCounts[i]), pc = sparse.Sum(i => currentCounts[i]);
        if (!Sparse(pr + pc)) { r.Add(pr); c.Add(pc); }
        else if (r.Count > 0)
        {
            int smallest = Enumerable.Range(0, r.Count).MinBy(k => r[k] + c[k]);
            r[smallest] += pr;
            c[smallest] += pc;
        }
        if (r.Count >= 2) return new ChiSquarePooledResult(Test(r, c), names, false);
        int largest = cols.MaxBy(i => referenceCounts[i] + currentCounts[i]);
        double ra = referenceCounts[largest], ca = currentCounts[largest];
        var fisher = FisherExactTest.Test((long)ra, (long)(rn - ra), (long)ca, (long)(cn - ca));
        return new ChiSquarePooledResult(fisher, cols.Where(i => i != largest).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), true);
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
