using AdaptiveEtl.Kit.Forecasting;
using AdaptiveEtl.Kit.Forecasting.Backtesting;
using AdaptiveEtl.Kit.Forecasting.Baselines;
using AdaptiveEtl.Kit.Forecasting.Conformal;
using MathNet.Numerics.Distributions;

namespace AdaptiveEtl.Kit.Tests.Forecasting.Conformal;

public sealed class ConformalForecasterTests
{
    [Fact]
    public void The_intervals_are_the_conformal_order_statistics_of_the_models_own_rolling_errors()
    {
        var values = Normal.Samples(new Random(3), 10, 2).Take(120).ToArray();
        var series = new TimeSeries("iid", values);
        var model = new ConformalForecaster(() => new MeanForecaster(), new ConformalIntervalOptions(Horizon: 1, Windows: 40));
        model.Fit(series);

        // The calibration errors are those of the mean of the first o values predicting value o, o = 80 … 119.
        var expected = Enumerable.Range(80, 40).Select(o => values[o] - values.Take(o).Average()).ToArray();
        Assert.Equal(expected, model.Residuals![0].ToArray(), new ToleranceComparer(1e-9));
        // Lei et al. (2018): the half-width for 1 − α is the ⌈(n + 1)(1 − α)⌉-th smallest |error|: n = 40 → the 39th (95 %), the 33rd (80 %).
        var sorted = expected.Select(Math.Abs).Order().ToArray();
        var r = model.Forecast(1, new ForecastOptions { Levels = [0.8, 0.95] });
        double mean = values.Average();
        Assert.Equal(mean, r.Mean[0], 9);
        Assert.Equal(sorted[38], r.Interval(0.95).Upper[0] - mean, 9);
        Assert.Equal(sorted[32], r.Interval(0.8).Upper[0] - mean, 9);
        Assert.Equal("Mean+conformal", r.Model);
    }

    [Fact]
    public void Intervals_hold_their_nominal_coverage_on_exchangeable_data()
    {
        // i.i.d. N(10, 2²): 200 values to fit, 1,000 fresh draws to check. With 60 calibration errors the 95 % interval's
        // coverage is Beta-distributed around 58/61 = 0.951 (sd ≈ 0.027), the 80 % one around 49/61 = 0.803.
        var random = new Random(21);
        var history = Normal.Samples(random, 10, 2).Take(200).ToArray();
        var fresh = Normal.Samples(random, 10, 2).Take(1000).ToArray();
        var model = new ConformalForecaster(() => new MeanForecaster(), new ConformalIntervalOptions(Horizon: 1, Windows: 60)).Fit(new TimeSeries("iid", history));
        var r = model.Forecast(1, new ForecastOptions { Levels = [0.8, 0.95] });
        double Coverage(double level) => fresh.Count(x => x >= r.Interval(level).Lower[0] && x <= r.Interval(level).Upper[0]) / 1000.0;
        Assert.InRange(Coverage(0.95), 0.90, 0.99);
        Assert.InRange(Coverage(0.8), 0.73, 0.87);
    }

    [Fact]
    public void Too_short_a_series_is_refused_and_the_option_wraps_any_candidate()
    {
        var e = Assert.Throws<KitDataException>(() => new ConformalForecaster(() => new NaiveForecaster(), new ConformalIntervalOptions(Horizon: 2, Windows: 20)).Fit(new TimeSeries("short", Enumerable.Range(0, 20).Select(i => (double)i).ToArray())));
        Assert.Contains("too few for 20 conformal windows of 2 step(s)", e.Message);
        var candidate = new ForecasterCandidate("Naive", () => new NaiveForecaster()).WithConformalIntervals(new(Horizon: 1, Windows: 10));
        Assert.Equal("Naive+conformal", candidate.Name);
        Assert.IsType<ConformalForecaster>(candidate.Create());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConformalForecaster(() => new NaiveForecaster(), new ConformalIntervalOptions(Windows: 1)));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
