using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// Metrics that show mode collapse and the effect of a diversity penalty: the share of near-duplicate synthetic rows
/// (distance to the nearest other synthetic row below ε in the normalised space of <see cref="RowEncoder"/>) and the
/// coverage of the real data's categories and populated numeric bins (10 equal-width bins over the real range holding at
/// least 1 % of the real rows).
/// </summary>
public static class DiversityMetrics
{
    /// <summary>Computes the report; at most <paramref name="maxRows"/> rows of each table are used (first rows).</summary>
    /// <exception cref="KitDataException">A table has fewer than two rows.</exception>
    public static DiversityReport Evaluate(TabularData real, TabularData synthetic, double epsilon = 0.05, int maxRows = 2000)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        if (real.RowCount < 2 || synthetic.RowCount < 2)
            throw new KitDataException($"diversity needs at least two real and two synthetic rows; got {real.RowCount} and {synthetic.RowCount}.", real.Schema.Name);
        var encoder = new RowEncoder(real);
        var n = Math.Min(Math.Min(synthetic.RowCount, maxRows), real.RowCount);
        var syn = encoder.Encode(synthetic.Take(Enumerable.Range(0, n).ToArray()));
        var rl = encoder.Encode(real.Take(Enumerable.Range(0, n).ToArray()));
        return new DiversityReport(NearDuplicateShare(syn, epsilon), NearDuplicateShare(rl, epsilon), Coverage(real, synthetic), epsilon);
    }

    /// <summary>Share of rows whose nearest other row is closer than ε.</summary>
    public static double NearDuplicateShare(double[][] rows, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length < 2) return 0;
        var d = RowEncoder.NearestDistances(rows, rows, excludeSameIndex: true);
        return (double)d.Count(x => x < epsilon) / d.Length;
    }

    /// <summary>Share of real categories and populated numeric bins present in the synthetic data.</summary>
    public static double Coverage(TabularData real, TabularData synthetic)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        int total = 0, covered = 0;
        foreach (var c in real.Schema.Columns.Where(c => c.Kind != ColumnKind.Text))
        {
            if (TabularData.IsNumericKind(c.Kind))
            {
                var r = real.Numeric(c.Name).Where(x => x.HasValue).Select(x => x!.Value).ToArray();
                if (r.Length == 0) continue;
                double min = r.Min(), max = r.Max();
                if (max <= min) { total++; covered += synthetic.Numeric(c.Name).Any(x => x == min) ? 1 : 0; continue; }
                int Bin(double x) => Math.Min(9, (int)Math.Floor((x - min) / (max - min) * 10));
                var realCounts = new int[10];
                foreach (var x in r) realCounts[Bin(x)]++;
                var synBins = synthetic.Numeric(c.Name).Where(x => x.HasValue && x >= min && x <= max).Select(x => Bin(x!.Value)).ToHashSet();
                for (var b = 0; b < 10; b++)
                {
                    if (realCounts[b] < 0.01 * r.Length) continue;
                    total++;
                    if (synBins.Contains(b)) covered++;
                }
            }
            else
            {
                var cats = real.Labels(c.Name).Where(x => x is not null).ToHashSet();
                var syn = synthetic.Labels(c.Name).Where(x => x is not null).ToHashSet();
                total += cats.Count;
                covered += cats.Count(syn.Contains);
            }
        }
        return total == 0 ? 1 : (double)covered / total;
    }
}
