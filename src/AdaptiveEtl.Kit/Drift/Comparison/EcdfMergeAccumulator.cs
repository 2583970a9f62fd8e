namespace AdaptiveEtl.Kit.Drift.Comparison;

/// <summary>
/// Consumes the union of a reference and a current sample in ascending value order (each value tagged with its side)
/// and accumulates the exact two-sample KS statistic (largest gap of the right-continuous ECDFs, ties as SciPy), the
/// Wasserstein-1 distance ∫|F − G| and the per-bin counts over fixed edges. Memory O(bins): this is how the DuckDB
/// detector computes exact statistics on tables larger than memory (DuckDB sorts out of core).
/// </summary>
internal sealed class EcdfMergeAccumulator(long referenceCount, long currentCount, double[] edges)
{
    private readonly long[] _refBins = new long[edges.Length + 1];
    private readonly long[] _curBins = new long[edges.Length + 1];
    private long _i, _j;
    private double _prev = double.NaN, _d, _dAt = double.NaN, _w1;
    private int _bin;

    /// <summary>Adds the next value (not smaller than the previous one).</summary>
    public void Add(double value, bool isReference)
    {
        if (_i + _j > 0 && value != _prev)
        {
            if (value < _prev) throw new InvalidOperationException($"values must arrive in ascending order; {value} after {_prev}.");
            Flush(value);
        }
        _prev = value;
        if (isReference) _i++; else _j++;
        while (_bin < edges.Length && value >= edges[_bin]) _bin++;
        if (isReference) _refBins[_bin]++; else _curBins[_bin]++;
    }

    private void Flush(double next)
    {
        double gap = Math.Abs((double)_i / referenceCount - (double)_j / currentCount);
        if (gap > _d) { _d = gap; _dAt = _prev; }
        _w1 += gap * (next - _prev);
    }

    /// <summary>Finishes the walk (all values added) and returns the comparison.</summary>
    public NumericComparison Complete(double referenceStdDev, double referenceMin, double referenceMax)
    {
        if (_i != referenceCount || _j != currentCount)
            throw new InvalidOperationException($"expected {referenceCount} reference and {currentCount} current values, got {_i} and {_j}.");
        return new NumericComparison
        {
            ReferenceCount = referenceCount,
            CurrentCount = currentCount,
            KsStatistic = _d,
            KsLocation = _dAt,
            Wasserstein = _w1,
            ReferenceStdDev = referenceStdDev,
            ReferenceMin = referenceMin,
            ReferenceMax = referenceMax,
            Edges = edges,
            ReferenceBinCounts = _refBins,
            CurrentBinCounts = _curBins,
        };
    }
}
