using AdaptiveEtl.Kit.Synthesis;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace AdaptiveEtl.Kit.Benchmarks.SynthesisQuality;

/// <summary>
/// The benchmark's Gaussian copula baseline (a reference point run in the same process, not a kit synthesizer):
/// every column gets its empirical marginal — numeric values sorted (nulls first), categories grouped in descending
/// frequency as SDV's copula orders them — and each training value is mapped to a normal score
/// z = Φ⁻¹((rank + ½) / n), ties broken at random so that a point mass (a category, the zeros of capital-gain)
/// covers its whole interval of the CDF. The correlation matrix of the scores is the copula; sampling draws
/// z = L·ε (L its Cholesky factor) and maps Φ(z) back through each column's empirical quantile function.
/// </summary>
internal sealed class GaussianCopulaBaseline
{
    private readonly TabularData _template;
    private readonly List<object?[]> _sorted = [];
    private readonly Matrix<double> _cholesky;

    /// <summary>Fits the copula to <paramref name="data"/> (ranks drawn with <paramref name="seed"/>).</summary>
    public GaussianCopulaBaseline(TabularData data, int seed)
    {
        _template = data;
        var random = new Random(seed);
        var n = data.RowCount;
        var cols = data.Schema.Columns;
        var scores = Matrix<double>.Build.Dense(n, cols.Count);
        for (var c = 0; c < cols.Count; c++)
        {
            var name = cols[c].Name;
            // Sort keys: the value (nulls first) for numbers, the category's frequency rank for labels; random tie-break.
            object?[] values;
            double[] keys;
            if (TabularData.IsNumericKind(cols[c].Kind))
            {
                var v = data.Numeric(name);
                values = v.Select(x => (object?)x).ToArray();
                keys = v.Select(x => x ?? double.NegativeInfinity).ToArray();
            }
            else
            {
                var l = data.Labels(name);
                var rank = l.GroupBy(x => x ?? "\u0000null").OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select((g, i) => (g.Key, i)).ToDictionary(t => t.Key, t => (double)t.i, StringComparer.Ordinal);
                values = l.Select(x => (object?)x).ToArray();
                keys = l.Select(x => rank[x ?? "\u0000null"]).ToArray();
            }
            var tie = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
            var order = Enumerable.Range(0, n).OrderBy(i => keys[i]).ThenBy(i => tie[i]).ToArray();
            for (var r = 0; r < n; r++) scores[order[r], c] = Normal.InvCDF(0, 1, (r + 0.5) / n);
            _sorted.Add(order.Select(i => values[i]).ToArray());
        }
        var correlation = scores.TransposeThisAndMultiply(scores) / n; // the scores have mean 0 and variance ≈ 1
        var sd = correlation.Diagonal().Map(Math.Sqrt);
        correlation = Matrix<double>.Build.Dense(cols.Count, cols.Count, (i, j) => correlation[i, j] / (sd[i] * sd[j]) + (i == j ? 1e-9 : 0));
        _cholesky = correlation.Cholesky().Factor;
    }

    /// <summary>Draws <paramref name="rows"/> rows.</summary>
    public TabularData Sample(int rows, int seed)
    {
        var random = new Random(seed);
        var cols = _template.Schema.Columns;
        var numeric = new double?[]?[cols.Count];
        var labels = new string?[]?[cols.Count];
        for (var c = 0; c < cols.Count; c++)
        {
            if (TabularData.IsNumericKind(cols[c].Kind)) numeric[c] = new double?[rows];
            else labels[c] = new string?[rows];
        }
        var eps = Vector<double>.Build.Dense(cols.Count);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols.Count; c++) eps[c] = Normal.Sample(random, 0, 1);
            var z = _cholesky * eps;
            for (var c = 0; c < cols.Count; c++)
            {
                var sorted = _sorted[c];
                var value = sorted[Math.Min(sorted.Length - 1, (int)(Normal.CDF(0, 1, z[c]) * sorted.Length))];
                if (numeric[c] is { } nv) nv[r] = (double?)value;
                else labels[c]![r] = (string?)value;
            }
        }
        return TabularData.FromColumns(_template, numeric, labels, rows);
    }
}
