using AdaptiveEtl.Kit.Drift.Comparison;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Drift.Reporting;

/// <summary>
/// The reference and current distribution of one column on shared bins, for pictures: numeric and date-time columns on
/// equal-width bins over the joint range of their finite values (so the shapes are comparable), categorical and boolean
/// columns per category (the most frequent reference categories first, then categories new in the current data, the rest
/// pooled as <c>(other)</c>). Missing values are left out; shares are of the non-missing values of each side.
/// </summary>
/// <param name="Column">Column name.</param>
/// <param name="Kind">Kind used for the comparison.</param>
/// <param name="Labels">Bin or category labels, in display order.</param>
/// <param name="ReferenceCounts">Reference values per bin.</param>
/// <param name="CurrentCounts">Current values per bin.</param>
public sealed record ColumnDistribution(string Column, ColumnKind Kind, IReadOnlyList<string> Labels, IReadOnlyList<long> ReferenceCounts, IReadOnlyList<long> CurrentCounts)
{
    /// <summary>Bins used for numeric columns.</summary>
    public const int NumericBins = 20;

    /// <summary>Categories shown before the rest is pooled as <c>(other)</c>.</summary>
    public const int MaxCategories = 12;

    /// <summary>Non-missing reference values.</summary>
    public long ReferenceTotal => ReferenceCounts.Sum();

    /// <summary>Non-missing current values.</summary>
    public long CurrentTotal => CurrentCounts.Sum();

    /// <summary>Reference share per bin (0 everywhere when the reference has no values).</summary>
    public IReadOnlyList<double> ReferenceShares => Shares(ReferenceCounts);

    /// <summary>Current share per bin.</summary>
    public IReadOnlyList<double> CurrentShares => Shares(CurrentCounts);

    /// <summary>
    /// The distribution of <paramref name="column"/> in both frames, or null when it cannot be drawn: absent from a side,
    /// a free-text kind, or no non-missing value on either side.
    /// </summary>
    public static ColumnDistribution? Compute(DataFrame reference, DataFrame current, string column, ColumnKind kind)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        int ri = reference.Columns.IndexOf(column), ci = current.Columns.IndexOf(column);
        if (ri < 0 || ci < 0) return null;
        var r = reference.Columns[ri];
        var c = current.Columns[ci];
        switch (kind)
        {
            case ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.DateTime:
                if (ColumnValues.FamilyOf(r) == ValueFamily.Categorical || ColumnValues.FamilyOf(c) == ValueFamily.Categorical) return null;
                return Numeric(column, kind, ColumnValues.SortedNumbers(r), ColumnValues.SortedNumbers(c));
            case ColumnKind.Categorical or ColumnKind.Boolean:
                return Categorical(column, kind, ColumnValues.CategoryCounts(r), ColumnValues.CategoryCounts(c));
            default:
                return null;
        }
    }

    private static ColumnDistribution? Numeric(string column, ColumnKind kind, double[] r, double[] c)
    {
        if (r.Length == 0 && c.Length == 0) return null;
        double lo = Math.Min(r.Length > 0 ? r[0] : double.PositiveInfinity, c.Length > 0 ? c[0] : double.PositiveInfinity);
        double hi = Math.Max(r.Length > 0 ? r[^1] : double.NegativeInfinity, c.Length > 0 ? c[^1] : double.NegativeInfinity);
        // Integers with a small range get one bin per value; otherwise equal-width bins.
        int bins = kind == ColumnKind.Integer && hi - lo < NumericBins ? (int)(hi - lo) + 1 : hi > lo ? NumericBins : 1;
        double width = kind == ColumnKind.Integer && hi - lo < NumericBins ? 1 : hi > lo ? (hi - lo) / bins : 1;
        var rc = Count(r, lo, width, bins);
        var cc = Count(c, lo, width, bins);
        var labels = Enumerable.Range(0, bins).Select(i => kind == ColumnKind.Integer && width == 1
            ? (lo + i).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : BinLabels.Of(lo + i * width, i == bins - 1 ? hi : lo + (i + 1) * width, kind)).ToArray();
        return new ColumnDistribution(column, kind, labels, rc, cc);
    }

    private static long[] Count(double[] values, double lo, double width, int bins)
    {
        var counts = new long[bins];
        foreach (var v in values) counts[Math.Clamp((int)Math.Floor((v - lo) / width), 0, bins - 1)]++;
        return counts;
    }

    private static ColumnDistribution? Categorical(string column, ColumnKind kind, Dictionary<string, long> r, Dictionary<string, long> c)
    {
        if (r.Count == 0 && c.Count == 0) return null;
        var order = r.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key)
            .Concat(c.Where(kv => !r.ContainsKey(kv.Key)).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key))
            .ToList();
        var shown = order.Count <= MaxCategories ? order : order.Take(MaxCategories - 1).ToList();
        var labels = new List<string>(shown);
        var rc = shown.Select(k => r.GetValueOrDefault(k)).ToList();
        var cc = shown.Select(k => c.GetValueOrDefault(k)).ToList();
        if (shown.Count < order.Count)
        {
            var rest = order.Skip(shown.Count).ToList();
            labels.Add($"(other: {rest.Count})");
            rc.Add(rest.Sum(k => r.GetValueOrDefault(k)));
            cc.Add(rest.Sum(k => c.GetValueOrDefault(k)));
        }
        return new ColumnDistribution(column, kind, labels, rc, cc);
    }

    private static double[] Shares(IReadOnlyList<long> counts)
    {
        long total = counts.Sum();
        return counts.Select(n => total == 0 ? 0 : (double)n / total).ToArray();
    }
}
