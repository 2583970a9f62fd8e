using AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;

/// <summary>
/// CTGAN's conditional vector and training-by-sampling (Xu et al. 2019, §4.3): pick a condition span uniformly, pick
/// one of its categories with probability ∝ log(1 + frequency) while training (so rare categories are seen) or ∝
/// frequency when sampling (so the marginals are kept), and draw a real row that has that category.
/// </summary>
internal sealed class ConditionalSampler
{
    private readonly IReadOnlyList<ConditionSpan> _spans;
    private readonly double[][] _frequency;
    private readonly double[][] _logFrequency;
    private readonly int[][][] _rows;
    private readonly int[][] _rowCategory;

    public ConditionalSampler(DataTransformer transformer, float[] data, int rows)
    {
        _spans = transformer.ConditionSpans;
        var d = transformer.OutputDimension;
        _frequency = new double[_spans.Count][];
        _logFrequency = new double[_spans.Count][];
        _rows = new int[_spans.Count][][];
        _rowCategory = new int[_spans.Count][];
        for (var s = 0; s < _spans.Count; s++)
        {
            var span = _spans[s];
            var lists = Enumerable.Range(0, span.Length).Select(_ => new List<int>()).ToArray();
            _rowCategory[s] = new int[rows];
            for (var r = 0; r < rows; r++)
            {
                var best = 0;
                for (var k = 1; k < span.Length; k++) if (data[(long)r * d + span.DataStart + k] > data[(long)r * d + span.DataStart + best]) best = k;
                lists[best].Add(r);
                _rowCategory[s][r] = best;
            }
            _rows[s] = lists.Select(l => l.ToArray()).ToArray();
            _frequency[s] = Normalise(lists.Select(l => (double)l.Count));
            _logFrequency[s] = Normalise(lists.Select(l => Math.Log(l.Count + 1)));
        }
    }

    public ConditionalSampler(IReadOnlyList<ConditionSpan> spans, double[][] frequency)
    {
        _spans = spans;
        _frequency = frequency;
        _logFrequency = frequency;
        _rows = [];
        _rowCategory = [];
    }

    public int SpanCount => _spans.Count;

    public IReadOnlyList<ConditionSpan> Spans => _spans;

    public double[][] Frequencies => _frequency;

    public int Dimension => _spans.Count == 0 ? 0 : _spans[^1].CondStart + _spans[^1].Length;

    /// <summary>Training condition vectors (log-frequency), their span masks and a matching real row per condition.</summary>
    public (float[] Cond, float[] Mask, int[] RealRows) SampleForTraining(int batch, Random random)
    {
        var cond = new float[batch * Dimension];
        var mask = new float[batch * _spans.Count];
        var real = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            var s = random.Next(_spans.Count);
            var k = Draw(_logFrequency[s], random);
            cond[i * Dimension + _spans[s].CondStart + k] = 1;
            mask[i * _spans.Count + s] = 1;
            var pool = _rows[s][k];
            real[i] = pool[random.Next(pool.Length)];
        }
        return (cond, mask, real);
    }

    /// <summary>TVAE: for each row, a condition on one random span set to the row's own category.</summary>
    public float[] ConditionsOfRows(IReadOnlyList<int> rows, Random random)
    {
        var cond = new float[rows.Count * Dimension];
        if (_spans.Count == 0) return cond;
        for (var i = 0; i < rows.Count; i++)
        {
            var s = random.Next(_spans.Count);
            cond[i * Dimension + _spans[s].CondStart + _rowCategory[s][rows[i]]] = 1;
        }
        return cond;
    }

    /// <summary>Condition vectors for unconditional sampling (span uniform, category ∝ frequency).</summary>
    public float[] SampleOriginal(int batch, Random random)
    {
        var cond = new float[batch * Dimension];
        if (_spans.Count == 0) return cond;
        for (var i = 0; i < batch; i++)
        {
            var s = random.Next(_spans.Count);
            cond[i * Dimension + _spans[s].CondStart + Draw(_frequency[s], random)] = 1;
        }
        return cond;
    }

    private static int Draw(double[] p, Random random)
    {
        var u = random.NextDouble();
        for (var k = 0; k < p.Length; k++) { u -= p[k]; if (u < 0) return k; }
        return p.Length - 1;
    }

    private static double[] Normalise(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var s = v.Sum();
        return s > 0 ? v.Select(x => x / s).ToArray() : v.Select(_ => 1.0 / v.Length).ToArray();
    }
}
