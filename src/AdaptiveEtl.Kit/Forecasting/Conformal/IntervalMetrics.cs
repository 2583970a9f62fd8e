namespace AdaptiveEtl.Kit.Forecasting.Conformal;

/// <summary>Scores of prediction intervals against the values that actually occurred.</summary>
public static class IntervalMetrics
{
    /// <summary>Share of actual values inside [lower, upper] (bounds included).</summary>
    public static double Coverage(IReadOnlyList<double> actual, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        Check(actual, lower, upper);
        int inside = 0;
        for (int i = 0; i < actual.Count; i++) if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
        return (double)inside / actual.Count;
    }

    /// <summary>Mean of upper − lower.</summary>
    public static double MeanWidth(IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        if (lower.Count != upper.Count || lower.Count == 0) throw new ArgumentException("lower and upper must be non-empty and of equal length.");
        double sum = 0;
        for (int i = 0; i < lower.Count; i++) sum += upper[i] - lower[i];
        return sum / lower.Count;
    }

    /// <summary>
    /// Winkler (1972) interval score of one central (1 − α) interval, lower is better:
    /// W = (u − l) + (2/α)(l − y) if y &lt; l;  (u − l) + (2/α)(y − u) if y &gt; u;  (u − l) otherwise.
    /// (R. L. Winkler, "A decision-theoretic approach to interval estimation", JASA 67(337), 1972; the same form as the
    /// interval score of Gneiting &amp; Raftery 2007, eq. 43.)
    /// </summary>
    /// <param name="actual">The value that occurred.</param>
    /// <param name="lower">Lower bound.</param>
    /// <param name="upper">Upper bound.</param>
    /// <param name="level">Nominal coverage 1 − α of the interval, e.g. 0.8.</param>
    public static double Winkler(double actual, double lower, double upper, double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "level must be in (0, 1).");
        double alpha = 1 - level, width = upper - lower;
        if (actual < lower) return width + 2 / alpha * (lower - actual);
        if (actual > upper) return width + 2 / alpha * (actual - upper);
        return width;
    }

    /// <summary>Mean Winkler score over many intervals of the same level.</summary>
    public static double MeanWinkler(IReadOnlyList<double> actual, IReadOnlyList<double> lower, IReadOnlyList<double> upper, double level)
    {
        Check(actual, lower, upper);
        double sum = 0;
        for (int i = 0; i < actual.Count; i++) sum += Winkler(actual[i], lower[i], upper[i], level);
        return sum / actual.Count;
    }

    private static void Check(IReadOnlyList<double> actual, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        if (actual.Count == 0) throw new ArgumentException("no observations to score.", nameof(actual));
        if (lower.Count != actual.Count || upper.Count != actual.Count)
            throw new ArgumentException($"{actual.Count} actual values but {lower.Count} lower and {upper.Count} upper bounds.");
    }
}
