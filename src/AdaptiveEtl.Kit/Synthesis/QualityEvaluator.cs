using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// Computes the SDMetrics quality report (SDV's sdmetrics.reports.single_table.QualityReport):
/// column shapes — KSComplement = 1 − D (two-sample Kolmogorov–Smirnov statistic, nulls dropped) for numeric and
/// date-time columns, TVComplement = 1 − ½ Σ |p − q| over categories (null counted as a category) for categorical and
/// boolean columns; column-pair trends — CorrelationSimilarity = 1 − |ρ_real − ρ_syn| / 2 (Pearson, rows where both are
/// present) for two numeric columns, ContingencySimilarity = 1 − ½ Σ_ab |p_ab − q_ab| otherwise, with numeric columns
/// discretised into 10 equal-width bins over the real data's range (synthetic values clipped into it, as SDMetrics'
/// <c>discretize_column</c>). Overall score = mean of the two property scores. Text columns are skipped.
/// </summary>
/// <remarks>Hand-written: SDMetrics is a Python library and no served .NET package computes these metrics.</remarks>
public static class QualityEvaluator
{
    /// <summary>Number of equal-width bins used for numeric columns in contingency similarity (SDMetrics default).</summary>
    public const int Bins = 10;

    /// <summary>Evaluates synthetic against real data (same schema; the real data's schema is used).</summary>
    /// <exception cref="KitDataException">A table is empty.</exception>
    public static QualityReport Evaluate(TabularData real, TabularData synthetic)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        if (real.RowCount == 0 || synthetic.RowCount == 0)
            throw new KitDataException($"quality evaluation needs non-empty real and synthetic data; got {real.RowCount} and {synthetic.RowCount} rows.", real.Schema.Name);
        var cols = real.Schema.Columns.Where(c => c.Kind != ColumnKind.Text).ToList();
        var shapes = new List<ColumnShapeScore>();
        foreach (var c in cols)
        {
            if (TabularData.IsNumericKind(c.Kind))
                shapes.Add(new ColumnShapeScore(c.Name, "KSComplement", KsComplement(Present(real.Numeric(c.Name)), Present(synthetic.Numeric(c.Name)))));
            else
                shapes.Add(new ColumnShapeScore(c.Name, "TVComplement", TvComplement(real.Labels(c.Name), synthetic.Labels(c.Name))));
        }
        var pairs = new List<ColumnPairScore>();
        for (var i = 0; i < cols.Count; i++)
        for (var j = i + 1; j < cols.Count; j++)
        {
            var a = cols[i];
            var b = cols[j];
            if (TabularData.IsNumericKind(a.Kind) && TabularData.IsNumericKind(b.Kind))
            {
                var s = CorrelationSimilarity(real.Numeric(a.Name), real.Numeric(b.Name), synthetic.Numeric(a.Name), synthetic.Numeric(b.Name));
                if (!double.IsNaN(s)) pairs.Add(new ColumnPairScore(a.Name, b.Name, "CorrelationSimilarity", s));
            }
            else
            {
                var (ra, sa) = Discrete(real, synthetic, a);
                var (rb, sb) = Discrete(real, synthetic, b);
                pairs.Add(new ColumnPairScore(a.Name, b.Name, "ContingencySimilarity", ContingencySimilarity(ra, rb, sa, sb)));
            }
        }
        return new QualityReport(shapes, pairs);
    }

    /// <summary>1 − the two-sample KS statistic (largest gap between the empirical CDFs). 1 when both samples are empty; 0 when only one is.</summary>
    public static double KsComplement(IReadOnlyList<double> real, IReadOnlyList<double> synthetic)
    {
        if (real.Count == 0 && synthetic.Count == 0) return 1;
        if (real.Count == 0 || synthetic.Count == 0) return 0;
        var a = real.OrderBy(x => x).ToArray();
        var b = synthetic.OrderBy(x => x).ToArray();
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x) i++;
            while (j < b.Length && b[j] <= x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return 1 - d;
    }

    /// <summary>1 − total variation distance ½ Σ |p − q| between the category frequencies (null is a category).</summary>
    public static double TvComplement(IReadOnlyList<string?> real, IReadOnlyList<string?> synthetic)
    {
        var p = Frequencies(real.Select(Key));
        var q = Frequencies(synthetic.Select(Key));
        var tv = 0.5 * p.Keys.Union(q.Keys).Sum(k => Math.Abs(p.GetValueOrDefault(k) - q.GetValueOrDefault(k)));
        return 1 - tv;
    }

    /// <summary>1 − |ρ_real − ρ_syn| / 2 with Pearson correlations over rows where both values are present; NaN when a correlation is undefined (constant column).</summary>
    public static double CorrelationSimilarity(IReadOnlyList<double?> realA, IReadOnlyList<double?> realB, IReadOnlyList<double?> synA, IReadOnlyList<double?> synB)
    {
        var r = Pearson(realA, realB);
        var s = Pearson(synA, synB);
        if (double.IsNaN(r)) return double.NaN;
        if (double.IsNaN(s)) s = 0; // a constant synthetic column has no correlation
        return 1 - Math.Abs(r - s) / 2;
    }

    /// <summary>1 − ½ Σ_ab |p_ab − q_ab| between the joint frequencies of two discrete columns (null is a category).</summary>
    public static double ContingencySimilarity(IReadOnlyList<string?> realA, IReadOnlyList<string?> realB, IReadOnlyList<string?> synA, IReadOnlyList<string?> synB)
    {
        var p = Frequencies(realA.Zip(realB, (x, y) => Key(x) + "\u0001" + Key(y)));
        var q = Frequencies(synA.Zip(synB, (x, y) => Key(x) + "\u0001" + Key(y)));
        return 1 - 0.5 * p.Keys.Union(q.Keys).Sum(k => Math.Abs(p.GetValueOrDefault(k) - q.GetValueOrDefault(k)));
    }

    private static string Key(string? s) => s ?? "\u0000null";

    private static Dictionary<string, double> Frequencies(IEnumerable<string> values)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        var n = 0;
        foreach (var v in values) { counts[v] = counts.GetValueOrDefault(v) + 1; n++; }
        foreach (var k in counts.Keys.ToList()) counts[k] /= Math.Max(n, 1);
        return counts;
    }

    private static List<double> Present(IReadOnlyList<double?> v) => v.Where(x => x.HasValue).Select(x => x!.Value).ToList();

    private static double Pearson(IReadOnlyList<double?> a, IReadOnlyList<double?> b)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (var i = 0; i < a.Count; i++)
            if (a[i] is { } x && b[i] is { } y) { xs.Add(x); ys.Add(y); }
        if (xs.Count < 2) return double.NaN;
        var r = MathNet.Numerics.Statistics.Correlation.Pearson(xs, ys);
        return double.IsFinite(r) ? r : double.NaN;
    }

    private static (IReadOnlyList<string?> Real, IReadOnlyList<string?> Synthetic) Discrete(TabularData real, TabularData synthetic, ColumnSchema c)
    {
        if (!TabularData.IsNumericKind(c.Kind)) return (real.Labels(c.Name), synthetic.Labels(c.Name));
        var r = real.Numeric(c.Name);
        var present = Present(r);
        var min = present.Count == 0 ? 0 : present.Min();
        var max = present.Count == 0 ? 0 : present.Max();
        string? Bin(double? v)
        {
            if (v is not { } x) return null;
            if (max <= min) return "0";
            var k = (int)Math.Floor((Math.Clamp(x, min, max) - min) / (max - min) * Bins);
            return Math.Min(k, Bins - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return (r.Select(Bin).ToList(), synthetic.Numeric(c.Name).Select(Bin).ToList());
    }
}
