using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Reporting;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Forecasting;

/// <summary>
/// A probabilistic forecast of <see cref="Horizon"/> steps: point forecast, central intervals at the requested levels
/// and quantiles. Every forecaster of the kit returns this type.
/// </summary>
public sealed class ForecastResult : IHtmlReportable
{
    /// <summary>Creates a result; arrays are copied.</summary>
    public ForecastResult(string model, string series, IReadOnlyList<double> mean, IReadOnlyList<PredictionInterval> intervals,
        IReadOnlyDictionary<double, IReadOnlyList<double>> quantiles, IReadOnlyList<DateTimeOffset>? timestamps = null)
    {
        Model = model;
        Series = series;
        Mean = mean.ToArray();
        Intervals = intervals.OrderBy(i => i.Level).ToArray();
        Quantiles = quantiles.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value.ToArray());
        Timestamps = timestamps?.ToArray();
    }

    /// <summary>Name of the model that produced the forecast.</summary>
    public string Model { get; }

    /// <summary>Name of the forecast series.</summary>
    public string Series { get; }

    /// <summary>Point forecast (mean of the predictive distribution) per step.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Number of steps.</summary>
    public int Horizon => Mean.Count;

    /// <summary>Central intervals, ordered by level.</summary>
    public IReadOnlyList<PredictionInterval> Intervals { get; }

    /// <summary>Quantiles by probability, each with one value per step.</summary>
    public IReadOnlyDictionary<double, IReadOnlyList<double>> Quantiles { get; }

    /// <summary>Time of each forecast step, when the series had timestamps.</summary>
    public IReadOnlyList<DateTimeOffset>? Timestamps { get; }

    /// <summary>The interval at <paramref name="level"/>, or throws naming the levels that exist.</summary>
    public PredictionInterval Interval(double level) =>
        Intervals.FirstOrDefault(i => Math.Abs(i.Level - level) < 1e-9)
        ?? throw new ArgumentException($"No {level:P0} interval in this forecast; levels present: {string.Join(", ", Intervals.Select(i => i.Level.ToString("P0", CultureInfo.InvariantCulture)))}. Ask for it in ForecastOptions.Levels.", nameof(level));

    /// <summary>
    /// Builds a result from a Gaussian predictive distribution per step (mean and standard deviation), as ARIMA, ETS and the
    /// baselines produce.
    /// </summary>
    public static ForecastResult FromGaussian(string model, string series, IReadOnlyList<double> mean, IReadOnlyList<double> sd,
        ForecastOptions options, IReadOnlyList<DateTimeOffset>? timestamps = null)
    {
        var intervals = options.Levels.Select(level =>
        {
            double z = Normal.InvCDF(0, 1, 0.5 + level / 2);
            return new PredictionInterval(level,
                mean.Select((m, i) => m - z * sd[i]).ToArray(),
                mean.Select((m, i) => m + z * sd[i]).ToArray());
        }).ToArray();
        var quantiles = options.Quantiles.ToDictionary(p => p,
            p => (IReadOnlyList<double>)mean.Select((m, i) => m + Normal.InvCDF(0, 1, p) * sd[i]).ToArray());
        return new ForecastResult(model, series, mean, intervals, quantiles, timestamps);
    }

    /// <summary>
    /// Builds a result from sample paths (rows = paths, columns = steps), as simulation-based models produce: mean of the
    /// paths, empirical quantiles and intervals.
    /// </summary>
    public static ForecastResult FromSamples(string model, string series, double[,] paths, ForecastOptions options,
        IReadOnlyList<DateTimeOffset>? timestamps = null, IReadOnlyList<double>? pointForecast = null)
    {
        int n = paths.GetLength(0), h = paths.GetLength(1);
        var columns = new double[h][];
        for (int s = 0; s < h; s++)
        {
            columns[s] = new double[n];
            for (int k = 0; k < n; k++) columns[s][k] = paths[k, s];
            Array.Sort(columns[s]);
        }
        var mean = pointForecast?.ToArray() ?? columns.Select(c => c.Average()).ToArray();
        var intervals = options.Levels.Select(level => new PredictionInterval(level,
            columns.Select(c => MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(c, 0.5 - level / 2)).ToArray(),
            columns.Select(c => MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(c, 0.5 + level / 2)).ToArray())).ToArray();
        var quantiles = options.Quantiles.ToDictionary(p => p,
            p => (IReadOnlyList<double>)columns.Select(c => MathNet.Numerics.Statistics.SortedArrayStatistics.Quantile(c, p)).ToArray());
        return new ForecastResult(model, series, mean, intervals, quantiles, timestamps);
    }

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:12px\">");
        sb.Append(CultureInfo.InvariantCulture, $"<caption style=\"text-align:left;font-weight:bold\">{WebUtility.HtmlEncode(Model)} forecast of {WebUtility.HtmlEncode(Series)}</caption><tr><th>step</th>");
        if (Timestamps is not null) sb.Append("<th>time</th>");
        sb.Append("<th>mean</th>");
        foreach (var iv in Intervals) sb.Append(CultureInfo.InvariantCulture, $"<th>{iv.Level:P0} low</th><th>{iv.Level:P0} high</th>");
        sb.Append("</tr>");
        for (int i = 0; i < Horizon; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{i + 1}</td>");
            if (Timestamps is not null) sb.Append(CultureInfo.InvariantCulture, $"<td>{Timestamps[i]:yyyy-MM-dd HH:mm}</td>");
            sb.Append(CultureInfo.InvariantCulture, $"<td>{Mean[i]:G6}</td>");
            foreach (var iv in Intervals) sb.Append(CultureInfo.InvariantCulture, $"<td>{iv.Lower[i]:G6}</td><td>{iv.Upper[i]:G6}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</table>");
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Model} forecast of {Series}: {Horizon} steps, mean[0]={Mean.FirstOrDefault().ToString("G6", CultureInfo.InvariantCulture)}";
}
