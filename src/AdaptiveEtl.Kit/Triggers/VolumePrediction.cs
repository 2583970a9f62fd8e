namespace AdaptiveEtl.Kit.Triggers;

/// <summary>The predicted volume (rows or bytes) of the next run.</summary>
public sealed class VolumePrediction
{
    internal VolumePrediction(VolumeMeasure measure, double point, EmpiricalDistribution distribution, IReadOnlyList<VolumeInterval> intervals, IReadOnlyList<double> quantileLevels)
    {
        Measure = measure;
        Point = point;
        Distribution = distribution;
        Intervals = intervals;
        Quantiles = quantileLevels.ToDictionary(p => p, distribution.Quantile);
    }

    /// <summary>Rows or bytes.</summary>
    public VolumeMeasure Measure { get; }

    /// <summary>Point forecast of the selected model.</summary>
    public double Point { get; }

    /// <summary>Predictive distribution (point + conformal residuals, clipped at 0).</summary>
    public EmpiricalDistribution Distribution { get; }

    /// <summary>Conformal intervals at the requested levels.</summary>
    public IReadOnlyList<VolumeInterval> Intervals { get; }

    /// <summary>Quantiles of the predictive distribution.</summary>
    public IReadOnlyDictionary<double, double> Quantiles { get; }
}
