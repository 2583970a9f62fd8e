using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// A plain share comparison that finds under-represented slices without statistical tests: for every
/// categorical/boolean column each category's share, for every numeric column the shares of
/// a number of equal-frequency bins of the reference (the last bin open-ended). Slices whose share fell by
/// more than <c>minDrop</c> are returned as <see cref="DriftSlice"/>s, largest drop first. The drift monitor
/// (AdaptiveEtl.Kit.Drift) reports the same type with tests behind it; this is the simple fallback for gap filling.
/// </summary>
public static class ShareComparison
{
    /// <summary>Slices of <paramref name="current"/> that lost share against <paramref name="reference"/>.</summary>
    /// <param name="reference">Reference rows.</param>
    /// <param name="current">Current rows (same columns).</param>
    /// <param name="minDrop">Smallest share drop reported (absolute, e.g. 0.02 = two percentage points).</param>
    /// <param name="bins">Equal-frequency bins per numeric column.</param>
    /// <exception cref="KitDataException">A table is empty.</exception>
    public static IReadOnlyList<DriftSlice> UnderRepresented(TabularData reference, TabularData current, double minDrop = 0.02, int bins = 5)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.RowCount == 0 || current.RowCount == 0)
            throw new KitDataException($"share comparison needs rows in both tables; got {reference.RowCount} reference and {current.RowCount} current rows.", reference.Schema.Name);
        var slices = new List<DriftSlice>();
        foreach (var c in reference.Schema.Columns)
        {
            if (c.Kind == ColumnKind.Text) continue;
            if (TabularData.IsNumericKind(c.Kind))
            {
                var r = reference.Numeric(c.Name).Where(v => v.HasValue).Select(v => v!.Value).OrderBy(v => v).ToArray();
                var cur = current.Numeric(c.Name).Where(v => v.HasValue).Select(v => v!.Value).ToArray();
                if (r.Length == 0 || cur.Length == 0) continue;
                var edges = Enumerable.Range(1, bins - 1).Select(k => PrivacyCheck.Quantile(r, (double)k / bins)).Distinct().ToList();
                for (var b = 0; b <= edges.Count; b++)
                {
                    double? lo = b == 0 ? null : edges[b - 1];
                    double? hi = b == edges.Count ? null : edges[b];
                    bool In(double v) => (lo is null || v >= lo) && (hi is null || v < hi);
                    Add(slices, new DriftSlice(c.Name, null, lo ?? double.NegativeInfinity, hi ?? double.PositiveInfinity, r.Count(In) / (double)r.Length, cur.Count(In) / (double)cur.Length), minDrop);
                }
            }
            else
            {
                var r = reference.Labels(c.Name).Where(v => v is not null).ToList();
                var cur = current.Labels(c.Name).Where(v => v is not null).ToList();
                if (r.Count == 0) continue;
                foreach (var g in r.GroupBy(v => v!, StringComparer.Ordinal))
                    Add(slices, new DriftSlice(c.Name, g.Key, null, null, g.Count() / (double)r.Count, cur.Count == 0 ? 0 : cur.Count(v => v == g.Key) / (double)cur.Count), minDrop);
            }
        }
        return slices.OrderBy(s => s.ShareChange).ToList();
    }

    private static void Add(List<DriftSlice> slices, DriftSlice slice, double minDrop)
    {
        if (-slice.ShareChange > minDrop) slices.Add(slice);
    }
}
