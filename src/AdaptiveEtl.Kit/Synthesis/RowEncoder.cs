using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// Encodes rows as points of a normalised space for distance-based checks (distance to closest record, near-duplicate
/// share): each numeric column is min–max scaled with the reference data's range (plus a 0/1 null indicator when it has
/// nulls), each categorical/boolean column is one-hot encoded over the reference categories (unseen and null labels get
/// their own slot). Text columns are skipped. The Euclidean distance in this space is a Gower-like mixed-type distance.
/// </summary>
public sealed class RowEncoder
{
    private readonly List<(string Name, bool Numeric, double Min, double Scale, bool HasNull, Dictionary<string, int>? Slots, int Offset)> _columns = [];

    /// <summary>Fits the encoding (ranges and categories) on reference data.</summary>
    public RowEncoder(TabularData reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var offset = 0;
        foreach (var c in reference.Schema.Columns)
        {
            if (c.Kind == ColumnKind.Text) continue;
            if (TabularData.IsNumericKind(c.Kind))
            {
                var v = reference.Numeric(c.Name).Where(x => x.HasValue).Select(x => x!.Value).ToArray();
                var min = v.Length == 0 ? 0 : v.Min();
                var max = v.Length == 0 ? 0 : v.Max();
                var hasNull = v.Length < reference.RowCount;
                _columns.Add((c.Name, true, min, max > min ? 1.0 / (max - min) : 0, hasNull, null, offset));
                offset += hasNull ? 2 : 1;
            }
            else
            {
                var slots = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var l in reference.Labels(c.Name)) if (l is not null && !slots.ContainsKey(l)) slots[l] = slots.Count;
                _columns.Add((c.Name, false, 0, 0, false, slots, offset));
                offset += slots.Count + 1; // + one slot for null/unseen
            }
        }
        Dimension = offset;
    }

    /// <summary>Length of an encoded row.</summary>
    public int Dimension { get; }

    /// <summary>Encodes every row of <paramref name="data"/> (same columns as the reference) into a row-major array.</summary>
    public double[][] Encode(TabularData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rows = new double[data.RowCount][];
        for (var r = 0; r < rows.Length; r++) rows[r] = new double[Dimension];
        foreach (var c in _columns)
        {
            if (c.Numeric)
            {
                var v = data.Numeric(c.Name);
                for (var r = 0; r < rows.Length; r++)
                {
                    if (v[r] is { } x) rows[r][c.Offset] = (x - c.Min) * c.Scale;
                    else if (c.HasNull) rows[r][c.Offset + 1] = 1;
                }
            }
            else
            {
                var l = data.Labels(c.Name);
                var unseen = c.Slots!.Count;
                for (var r = 0; r < rows.Length; r++)
                    rows[r][c.Offset + (l[r] is { } s && c.Slots.TryGetValue(s, out var k) ? k : unseen)] = 1;
            }
        }
        return rows;
    }

    /// <summary>
    /// For each query row, the Euclidean distance to its nearest row of <paramref name="pool"/> (brute force, exact).
    /// When <paramref name="excludeSameIndex"/> is true the pool is the query set itself and a row is not its own neighbour.
    /// </summary>
    public static double[] NearestDistances(double[][] queries, double[][] pool, bool excludeSameIndex = false)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(pool);
        var result = new double[queries.Length];
        Parallel.For(0, queries.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var q = queries[i];
            var best = double.PositiveInfinity;
            for (var j = 0; j < pool.Length; j++)
            {
                if (excludeSameIndex && i == j) continue;
                var p = pool[j];
                double s = 0;
                for (var k = 0; k < q.Length && s < best; k++) { var d = q[k] - p[k]; s += d * d; }
                if (s < best) best = s;
            }
            result[i] = Math.Sqrt(best);
        });
        return result;
    }
}
