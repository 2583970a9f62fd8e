namespace AdaptiveEtl.Kit.Triggers;

/// <summary>
/// A predictive distribution given by samples (here: point forecast + out-of-sample conformal residuals, the split
/// conformal predictive system of Vovk et al. 2017): quantiles, interval probabilities and the highest-density window.
/// </summary>
public sealed class EmpiricalDistribution
{
    private readonly double[] _sorted;

    /// <summary>Creates the distribution from samples (copied and sorted).</summary>
    /// <exception cref="ArgumentException">No sample, or a sample is not finite.</exception>
    public EmpiricalDistribution(IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        _sorted = samples.ToArray();
        if (_sorted.Length == 0) throw new ArgumentException("at least one sample is needed.", nameof(samples));
        if (_sorted.Any(s => !double.IsFinite(s))) throw new ArgumentException("samples must be finite.", nameof(samples));
        Array.Sort(_sorted);
    }

    /// <summary>The sorted samples.</summary>
    public IReadOnlyList<double> Samples => _sorted;

    /// <summary>Mean of the samples.</summary>
    public double Mean => _sorted.Average();

    /// <summary>Quantile at probability <paramref name="p"/> (type 7 interpolation).</summary>
    public double Quantile(double p) => MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(_sorted, p);

    /// <summary>Share of samples in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public double Probability(double from, double to)
    {
        if (to < from) return 0;
        int lo = LowerBound(from), hi = UpperBound(to);
        return (double)(hi - lo) / _sorted.Length;
    }

    /// <summary>
    /// The window of the given width that holds the most samples (the highest-density window; ties → earliest), with its
    /// probability. Found with two pointers over the sorted samples, each window starting at a sample.
    /// </summary>
    public (double From, double To, double Probability) HighestDensityWindow(double width)
    {
        if (!(width > 0) || !double.IsFinite(width)) throw new ArgumentOutOfRangeException(nameof(width), width, "width must be a positive finite number.");
        int best = 0, bestStart = 0, j = 0;
        for (int i = 0; i < _sorted.Length; i++)
        {
            if (j < i) j = i;
            while (j < _sorted.Length && _sorted[j] <= _sorted[i] + width) j++;
            if (j - i > best) { best = j - i; bestStart = i; }
        }
        return (_sorted[bestStart], _sorted[bestStart] + width, (double)best / _sorted.Length);
    }

    private int LowerBound(double x)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi) { int mid = (lo + hi) / 2; if (_sorted[mid] < x) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private int UpperBound(double x)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi) { int mid = (lo + hi) / 2; if (_sorted[mid] <= x) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
