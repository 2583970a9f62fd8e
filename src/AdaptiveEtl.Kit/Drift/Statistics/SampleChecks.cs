using System.Globalization;

namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>
/// Input checks shared by the public statistics. A NaN breaks every comparison a merge walk or a binary search relies
/// on (the walks used to spin forever on one), and an infinity turns a distance or a quantile into ∞ − ∞ = NaN, so bad
/// values are rejected up front with the parameter, index and value named; nothing is silently dropped.
/// </summary>
internal static class SampleChecks
{
    /// <summary>Rejects NaN and ±∞ (for statistics that subtract values: distances, quantiles, standard deviations).</summary>
    public static void Finite(ReadOnlySpan<double> values, string parameter, string statistic)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw Bad(parameter, statistic, i, values[i], "finite values");
    }

    /// <summary>Rejects NaN only (for rank-based statistics, where ±∞ are ordinary extremes).</summary>
    public static void NotNaN(ReadOnlySpan<double> values, string parameter, string statistic)
    {
        for (int i = 0; i < values.Length; i++)
            if (double.IsNaN(values[i])) throw Bad(parameter, statistic, i, values[i], "values that are not NaN");
    }

    /// <summary>
    /// For the <c>…Sorted</c> entry points: rejects NaN (and ±∞ unless <paramref name="allowInfinity"/>) and a sample
    /// that is not ascending, in one pass (O(n), cheaper than the statistic itself).
    /// </summary>
    public static void SortedAscending(ReadOnlySpan<double> values, string parameter, string statistic, bool allowInfinity)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (double.IsNaN(v) || (!allowInfinity && double.IsInfinity(v)))
                throw Bad(parameter, statistic, i, v, allowInfinity ? "values that are not NaN" : "finite values");
            if (i > 0 && v < values[i - 1])
                throw new KitDataException(
                    string.Create(CultureInfo.InvariantCulture, $"{statistic}: sample '{parameter}' must be sorted ascending; value {v} at index {i} follows {values[i - 1]}."));
        }
    }

    /// <summary>Rejects a count that is negative, NaN or infinite.</summary>
    public static void Count(double count, string parameter, string statistic, string entry)
    {
        if (!double.IsFinite(count) || count < 0)
            throw new KitDataException(
                string.Create(CultureInfo.InvariantCulture, $"{statistic}: '{parameter}' needs finite non-negative counts; {entry} is {count}."));
    }

    /// <summary>Rejects an epsilon that is not a finite positive number (0 gives ln(0/0) on a bin empty on both sides).</summary>
    public static void Epsilon(double epsilon, string parameter)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0)
            throw new ArgumentOutOfRangeException(parameter, epsilon, "PSI's epsilon must be a finite positive number (the default is 1e-4).");
    }

    private static KitDataException Bad(string parameter, string statistic, int index, double value, string expected) =>
        new(string.Create(CultureInfo.InvariantCulture,
                $"{statistic}: sample '{parameter}' contains {Describe(value)} at index {index}; expected {expected} (remove missing or infinite values first)."));

    private static string Describe(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsPositiveInfinity(v) ? "+∞" : double.IsNegativeInfinity(v) ? "−∞" : v.ToString(CultureInfo.InvariantCulture);
}
