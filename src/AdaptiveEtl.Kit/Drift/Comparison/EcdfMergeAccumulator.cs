namespace AdaptiveEtl.Kit.Drift.Comparison;

/// <summary>
/// Consumes the union of a reference and a current sample in ascending value order (each value tagged with its side)
/// and accumulates the exact two-sample KS statistic (largest gap of the right-continuous ECDFs, ties as SciPy), the
/// Wasserstein-1 distance ∫|F − G|, the energy integral ∫(F − G)², the per-bin counts over fixed edges, and the rank
/// sums of the rank tests (midranks for ties, as SciPy's <c>rankdata(method='average')</c>): Mann–Whitney's reference
/// rank sum and tie term, Cramér–von Mises' U and Anderson–Darling's midrank A²akN. Memory O(bins): this is how the
/// DuckDB detector computes exact statistics on tables larger than memory (DuckDB sorts out of core).
/// </summary>
internal sealed class EcdfMergeAccumulator(long referenceCount, long currentCount, double[] edges)
{
    private readonly long[] _refBins = new long[edges.Length + 1];
    private readonly long[] _curBins = new long[edges.Length + 1];
    private readonly double _total = (double)referenceCount + currentCount;
    private long _i, _j, _gi, _gj;
    private double _prev = double.NaN, _d, _dAt = double.NaN, _w1, _e2;
    private double _rankSum, _tieTerm, _cvmRef, _cvmCur, _adRef, _adCur;
    private bool _ties;
    private int _bin;

    /// <summary>Adds the next value (not smaller than the previous one).</summary>
    public void Add(double value, bool isReference)
    {
        if (_i + _j > 0 && value != _prev)
        {
            if (value < _prev) throw new InvalidOperationException($"values must arrive in ascending order; {value} after {_prev}.");
            Flush(value);
            FlushGroup();
        }
        _prev = value;
        if (isReference) { _i++; _gi++; } else { _j++; _gj++; }
        while (_bin < edges.Length && value >= edges[_bin]) _bin++;
        if (isReference) _refBins[_bin]++; else _curBins[_bin]++;
    }

    private void Flush(double next)
    {
        double gap = Math.Abs((double)_i / referenceCount - (double)_j / currentCount);
        if (gap > _d) { _d = gap; _dAt = _prev; }
        _w1 += gap * (next - _prev);
        _e2 += gap * gap * (next - _prev);
    }

    /// <summary>Closes a group of equal values (gi reference, gj current): their midrank enters the rank statistics.</summary>
    private void FlushGroup()
    {
        long gi = _gi, gj = _gj, t = gi + gj;
        if (t == 0) return;
        long beforeRef = _i - gi, beforeCur = _j - gj;
        double before = beforeRef + beforeCur;
        double mid = before + (t + 1) / 2.0;
        if (t > 1) _ties = true;
        _rankSum += gi * mid;
        _tieTerm += (double)t * t * t - t;
        // Cramér–von Mises: Σ over this group's reference values (indices beforeRef+1 … beforeRef+gi) of (rank − index)².
        for (long s = 1; s <= gi; s++) { double e = mid - (beforeRef + s); _cvmRef += e * e; }
        for (long s = 1; s <= gj; s++) { double e = mid - (beforeCur + s); _cvmCur += e * e; }
        // Anderson–Darling k-sample, midrank form (Scholz & Stephens 1987, eq. 7), one distinct value z_j:
        // l_j = t, B_j = (values below z_j) + l_j/2, M_ij = (sample i's values ≤ z_j) − f_ij/2.
        double n = _total, b = before + t / 2.0, denominator = b * (n - b) - n * t / 4.0;
        if (denominator > 0)
        {
            double mRef = _i - gi / 2.0, mCur = _j - gj / 2.0;
            double xr = n * mRef - b * referenceCount, xc = n * mCur - b * currentCount;
            _adRef += t / n * xr * xr / denominator;
            _adCur += t / n * xc * xc / denominator;
        }
        _gi = _gj = 0;
    }

    /// <summary>Finishes the walk (all values added) and returns the comparison.</summary>
    public NumericComparison Complete(double referenceStdDev, double referenceMin, double referenceMax)
    {
        FlushGroup();
        if (_i != referenceCount || _j != currentCount)
            throw new InvalidOperationException($"expected {referenceCount} reference and {currentCount} current values, got {_i} and {_j}.");
        double m = referenceCount, k = (double)referenceCount * currentCount;
        double cvmU = m * _cvmRef + currentCount * _cvmCur;
        return new NumericComparison
        {
            ReferenceCount = referenceCount,
            CurrentCount = currentCount,
            KsStatistic = _d,
            KsLocation = _dAt,
            Wasserstein = _w1,
            EnergyIntegral = _e2,
            ReferenceRankSum = _rankSum,
            TieTerm = _tieTerm,
            HasTies = _ties,
            CramerVonMisesU = cvmU,
            AndersonDarlingA2kN = (_total - 1) / _total * (_adRef / referenceCount + _adCur / currentCount),
            ReferenceStdDev = referenceStdDev,
            ReferenceMin = referenceMin,
            ReferenceMax = referenceMax,
            Edges = edges,
            ReferenceBinCounts = _refBins,
            CurrentBinCounts = _curBins,
        };
    }
}
