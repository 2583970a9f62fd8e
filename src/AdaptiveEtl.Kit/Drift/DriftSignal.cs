namespace AdaptiveEtl.Kit.Drift;

/// <summary>
/// Maps a column's statistic to a drift signal in [0, 1] that is comparable across methods, 0.5 sitting exactly on the
/// method's threshold so that signal ≥ 0.5 reads as "drifted":
/// <list type="bullet">
/// <item>tests (p-value p, level α): signal = clamp(½·ln p / ln α, 0, 1): p = 1 → 0, p = α → 0.5, p = α² → 1;</item>
/// <item>distances (value d, threshold t): signal = clamp(½·d / t, 0, 1): d = 0 → 0, d = t → 0.5, d ≥ 2t → 1.</item>
/// </list>
/// The dataset signal is the weighted mean of the compared columns' signals (weights from <see cref="ColumnDriftRule.Weight"/>).
/// </summary>
public static class DriftSignal
{
    /// <summary>Signal of a p-value against a significance level.</summary>
    public static double FromPValue(double p, double alpha)
    {
        if (double.IsNaN(p)) return 0;
        if (p <= 0) return 1;
        if (alpha <= 0 || alpha >= 1) return p < alpha ? 1 : 0;
        return Math.Clamp(0.5 * Math.Log(p) / Math.Log(alpha), 0, 1);
    }

    /// <summary>Signal of a distance against its threshold.</summary>
    public static double FromDistance(double distance, double threshold)
    {
        if (double.IsNaN(distance)) return 0;
        if (threshold <= 0) return distance > 0 ? 1 : 0;
        return Math.Clamp(0.5 * distance / threshold, 0, 1);
    }

    /// <summary>Weighted mean of the compared columns' signals (0 when none was compared).</summary>
    public static double Dataset(IEnumerable<ColumnDriftResult> columns)
    {
        double sum = 0, weights = 0;
        foreach (var c in columns)
        {
            if (!c.Compared) continue;
            sum += c.Weight * c.Signal;
            weights += c.Weight;
        }
        return weights > 0 ? sum / weights : 0;
    }
}
