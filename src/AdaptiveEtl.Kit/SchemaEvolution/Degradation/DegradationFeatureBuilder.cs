namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>
/// Turns <see cref="FamilyPerformanceSeries"/> into <see cref="DegradationExample"/>s. At period t only data up to t is used:
/// latency relative to the family's baseline (level, mean, maximum and slope over the lookback), table growth over the
/// lookback and its acceleration, usage relative to its baseline and its slope, and lineage depth.
/// </summary>
/// <remarks>
/// Cases start once the baseline and a full lookback exist (t ≥ max(<see cref="DegradationOptions.BaselinePeriods"/>,
/// <see cref="DegradationOptions.Lookback"/>) − 1) and stop at the family's first degraded period: from then on the
/// problem is present rather than ahead, which the prediction is not for. The label of t is
/// max(latency[t+1..t+H]) &gt; threshold × baseline, null when t + H runs past the data.
/// </remarks>
public static class DegradationFeatureBuilder
{
    /// <summary>Names of <see cref="DegradationExample.Features"/>, in order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "latency_ratio", "latency_ratio_mean", "latency_ratio_max", "latency_ratio_slope",
        "rows_growth", "rows_growth_acceleration", "log_rows", "usage_ratio", "usage_slope", "lineage_depth",
    ];

    /// <summary>Names of the channels of <see cref="DegradationExample.Window"/>, in order.</summary>
    public static IReadOnlyList<string> ChannelNames { get; } = ["latency_ratio", "rows_growth", "usage_ratio", "lineage_depth"];

    /// <summary>The family's baseline latency: the median of its first <see cref="DegradationOptions.BaselinePeriods"/> periods.</summary>
    /// <exception cref="KitDataException">The series is shorter than the baseline.</exception>
    public static double Baseline(FamilyPerformanceSeries series, DegradationOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        if (series.Length < options.BaselinePeriods)
            throw new KitDataException($"has {series.Length} periods; the baseline needs {options.BaselinePeriods}.", $"query family '{series.Family}'");
        return Median(series.LatencyMs.Take(options.BaselinePeriods));
    }

    /// <summary>The first period whose latency exceeds threshold × baseline, or null when it never does.</summary>
    public static int? FirstDegradedPeriod(FamilyPerformanceSeries series, DegradationOptions options)
    {
        double limit = options.Threshold * Baseline(series, options);
        for (int t = options.BaselinePeriods; t < series.Length; t++)
            if (series.LatencyMs[t] > limit) return t;
        return null;
    }

    /// <summary>The cases of one family (see the remarks of the class for which periods they cover).</summary>
    /// <exception cref="KitDataException">The series is invalid or shorter than the baseline.</exception>
    public static IReadOnlyList<DegradationExample> Build(FamilyPerformanceSeries series, DegradationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= DegradationOptions.Default;
        options.Validate();
        series.Validate();
        double baseline = Baseline(series, options);
        double usageBaseline = Math.Max(1e-9, series.UsageCount.Take(options.BaselinePeriods).Average());
        double limit = options.Threshold * baseline;
        int first = Math.Max(options.BaselinePeriods, options.Lookback) - 1;
        int end = FirstDegradedPeriod(series, options) ?? series.Length;
        int l = options.Lookback, h = options.Horizon;
        var list = new List<DegradationExample>();
        for (int t = first; t < end; t++)
        {
            var ratio = new double[l];
            var usage = new double[l];
            for (int i = 0; i < l; i++)
            {
                ratio[i] = series.LatencyMs[t - l + 1 + i] / baseline;
                usage[i] = series.UsageCount[t - l + 1 + i] / usageBaseline;
            }
            double rowsStart = series.TableRows[t - l + 1], rowsMid = series.TableRows[t - l / 2], rowsNow = series.TableRows[t];
            double growth = rowsNow / rowsStart - 1;
            double acceleration = (rowsNow / rowsMid) - (rowsMid / rowsStart);
            var features = new float[]
            {
                (float)ratio[^1], (float)ratio.Average(), (float)ratio.Max(), (float)Slope(ratio),
                (float)growth, (float)acceleration, (float)Math.Log10(rowsNow), (float)usage[^1], (float)Slope(usage),
                series.LineageDepth,
            };
            var window = new float[l * ChannelNames.Count];
            for (int i = 0; i < l; i++)
            {
                int o = i * ChannelNames.Count;
                window[o] = (float)(ratio[i] - 1);
                window[o + 1] = (float)(series.TableRows[t - l + 1 + i] / rowsStart - 1);
                window[o + 2] = (float)(usage[i] - 1);
                window[o + 3] = series.LineageDepth / 10f;
            }
            bool? label = null;
            if (t + h < series.Length)
            {
                bool degraded = false;
                for (int s = t + 1; s <= t + h; s++) degraded |= series.LatencyMs[s] > limit;
                label = degraded;
            }
            list.Add(new DegradationExample(series.Family, t, features, window, label));
        }
        return list;
    }

    /// <summary>The cases of several families, concatenated.</summary>
    public static IReadOnlyList<DegradationExample> Build(IEnumerable<FamilyPerformanceSeries> series, DegradationOptions? options = null) =>
        series.SelectMany(s => Build(s, options)).ToList();

    /// <summary>Least-squares slope per period (MathNet's fit would allocate a model per window; this is the closed form).</summary>
    private static double Slope(double[] y)
    {
        double n = y.Length, mx = (n - 1) / 2, my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < y.Length; i++) { sxy += (i - mx) * (y[i] - my); sxx += (i - mx) * (i - mx); }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private static double Median(IEnumerable<double> values)
    {
        var a = values.Order().ToArray();
        return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }
}
