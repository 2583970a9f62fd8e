using AdaptiveEtl.Kit.Forecasting;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Forecasting;

/// <summary>
/// A noisy hourly sine with an exogenous step regressor ("promotion on"), the test bed of the LSTM tests:
/// y_t = 20 + 4 sin(2πt/24) + 6 x_t + ε_t, ε_t ~ N(0, 0.5²), x_t = 1 on [60,90), [150,190), [240,270), [330,360).
/// </summary>
internal static class SimulatedSeries
{
    public const int Length = 360;
    public const double NoiseSd = 0.5;

    public static (double[] Values, double[,] Regressor) Generate(int seed = 7)
    {
        var noise = new Normal(0, NoiseSd, new Random(seed));
        var y = new double[Length];
        var x = new double[Length, 1];
        for (int t = 0; t < Length; t++)
        {
            x[t, 0] = t is >= 60 and < 90 or >= 150 and < 190 or >= 240 and < 270 or >= 330 ? 1 : 0;
            y[t] = 20 + 4 * Math.Sin(2 * Math.PI * t / 24) + 6 * x[t, 0] + noise.Sample();
        }
        return (y, x);
    }

    /// <summary>The first <paramref name="count"/> observations as a series with the regressor and hourly timestamps.</summary>
    public static TimeSeries Series(double[] values, double[,] regressor, int count, string name = "sim.sine_with_promo")
    {
        var x = new double[count, 1];
        for (int i = 0; i < count; i++) x[i, 0] = regressor[i, 0];
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new TimeSeries(name, values.Take(count).ToArray(), 24,
            Enumerable.Range(0, count).Select(i => start.AddHours(i)).ToArray(), x, ["promo"]);
    }

    /// <summary>Rows [from, from + count) of the regressor.</summary>
    public static double[,] Future(double[,] regressor, int from, int count)
    {
        var f = new double[count, 1];
        for (int i = 0; i < count; i++) f[i, 0] = regressor[from + i, 0];
        return f;
    }
}
