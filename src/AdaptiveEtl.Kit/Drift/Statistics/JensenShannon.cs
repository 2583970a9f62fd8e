namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Jensen–Shannon distance, base 2 (in [0, 1]), matching <c>scipy.spatial.distance.jensenshannon(p, q, base=2)</c>:
/// both vectors are normalised to sum 1, then sqrt((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q)/2 (Lin 1991,
/// "Divergence measures based on the Shannon entropy", IEEE Trans. Inf. Theory 37(1)).
/// </summary>
public static class JensenShannon
{
    /// <summary>Distance between two non-negative weight vectors of equal length (normalised here).</summary>
    /// <exception cref="KitDataException">Lengths differ, a weight is negative, NaN or infinite, or a vector sums to 0.</exception>
    public static double Distance(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Count != q.Count) throw new KitDataException($"Jensen–Shannon needs vectors of equal length; got {p.Count} and {q.Count}.");
        double sp = 0, sq = 0;
        for (int i = 0; i < p.Count; i++)
        {
            SampleChecks.Count(p[i], nameof(p), "Jensen–Shannon distance", $"entry {i}");
            SampleChecks.Count(q[i], nameof(q), "Jensen–Shannon distance", $"entry {i}");
            sp += p[i]; sq += q[i];
        }
        if (sp <= 0 || sq <= 0) throw new KitDataException("Jensen–Shannon needs vectors with a positive sum.");
        double js = 0;
        for (int i = 0; i < p.Count; i++)
        {
            double a = p[i] / sp, b = q[i] / sq, m = (a + b) / 2;
            if (a > 0) js += a * Math.Log(a / m);
            if (b > 0) js += b * Math.Log(b / m);
        }
        return Math.Sqrt(Math.Max(0, js / 2) / Math.Log(2));
    }

    /// <summary>Distance between two category-count tables over the union of their categories.</summary>
    public static double Distance(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        foreach (var (k, v) in reference) SampleChecks.Count(v, nameof(reference), "Jensen–Shannon distance", $"category '{k}'");
        foreach (var (k, v) in current) SampleChecks.Count(v, nameof(current), "Jensen–Shannon distance", $"category '{k}'");
        var keys = reference.Keys.Union(current.Keys).ToArray();
        return Distance(keys.Select(k => (double)reference.GetValueOrDefault(k)).ToArray(), keys.Select(k => (double)current.GetValueOrDefault(k)).ToArray());
    }
}
