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

    [Fact]
    public void Studentized_scores_are_the_errors_over_the_models_own_standard_deviation_pooled_over_the_steps()
    {
        var values = Normal.Samples(new Random(5), 0, 1).Take(90).ToArray();
        for (int i = 1; i < values.Length; i++) values[i] += values[i - 1]; // a random walk
        var series = new TimeSeries("walk", values);
        const int h = 3, windows = 12;
        var model = new ConformalForecaster(() => new NaiveForecaster(), new ConformalIntervalOptions(h, windows, ConformalScore.Studentized));
        model.Fit(series);

        // Normalized nonconformity score (Papadopoulos, Gammerman & Vovk 2008): (y[o+s] − ŷ) / σ̂ with σ̂ the inner model's own
        // standard deviation at that origin and step, (upper − lower) of its central 80 % interval over 2·z(0.9).
        double z = Normal.InvCDF(0, 1, 0.9);
        int first = values.Length - h - windows + 1;
        for (int o = first; o < first + windows; o++)
        {
            var inner = new NaiveForecaster().Fit(series.Take(o)).Forecast(h, new ForecastOptions { Levels = [0.8] });
            for (int s = 0; s < h; s++)
            {
                double sd = (inner.Interval(0.8).Upper[s] - inner.Interval(0.8).Lower[s]) / (2 * z);
                Assert.Equal((values[o + s] - values[o - 1]) / sd, model.Residuals![s][o - first], 9);
            }
        }
        // Pooled: n = 36 scores, so the 95 % half-width is the ⌈37 × 0.95⌉ = 36th smallest |score| times the final σ̂ of each
        // step — finite, where 12 windows per step could not give any 95 % interval with absolute scores (it needs 19).
        var pooled = model.Residuals!.SelectMany(r => r).Select(Math.Abs).Order().ToArray();
        var final = new NaiveForecaster().Fit(series).Forecast(h, new ForecastOptions { Levels = [0.8] });
        var r = model.Forecast(h, new ForecastOptions { Levels = [0.95] });
        for (int s = 0; s < h; s++)
        {
            double sd = (final.Interval(0.8).Upper[s] - final.Interval(0.8).Lower[s]) / (2 * z);
            Assert.Equal(values[^1], r.Mean[s], 9);
            Assert.Equal(pooled[35] * sd, r.Interval(0.95).Upper[s] - r.Mean[s], 9);
            Assert.Equal(pooled[35] * sd, r.Mean[s] - r.Interval(0.95).Lower[s], 9);
        }
        var absolute = new ConformalForecaster(() => new NaiveForecaster(), new ConformalIntervalOptions(h, windows)).Fit(series).Forecast(h, new ForecastOptions { Levels = [0.95] });
        Assert.True(double.IsPositiveInfinity(absolute.Interval(0.95).Upper[0]));
    }

    [Fact]
    public void Studentized_intervals_hold_their_nominal_coverage_at_every_step_of_a_random_walk()
    {
        // 300 independent random walks of 60 values; each is calibrated on 30 origins × 4 steps and scored on its next 4
        // values. The naive model's σ̂·√s is the right shape, so the 120 pooled scores are exchangeable with the new ones:
        // coverage is ⌈121 × 0.8⌉ / 121 = 97/121 = 0.802 (80 %) and 115/121 = 0.950 (95 %) in expectation (Lei et al. 2018,
        // Thm 2.2), sd ≈ 0.023 / 0.013 over 300 walks at one step. (With 10 origins the overlapping windows leave too few
        // independent scores and the 95 % interval covers only about 0.88–0.92: the pooled scores are not a substitute for
        // origins.)
        var random = new Random(8);
        const int h = 4, walks = 300, length = 60;
        var inside80 = new int[h];
        var inside95 = new int[h];
        for (int w = 0; w < walks; w++)
        {
            var path = Normal.Samples(random, 0, 1).Take(length + h).ToArray();
            for (int i = 1; i < path.Length; i++) path[i] += path[i - 1];
            var r = new ConformalForecaster(() => new NaiveForecaster(), new ConformalIntervalOptions(h, 30, ConformalScore.Studentized))
                .Fit(new TimeSeries("walk", path[..length])).Forecast(h, new ForecastOptions { Levels = [0.8, 0.95] });
            for (int s = 0; s < h; s++)
            {
                double y = path[length + s];
                if (y >= r.Interval(0.8).Lower[s] && y <= r.Interval(0.8).Upper[s]) inside80[s]++;
                if (y >= r.Interval(0.95).Lower[s] && y <= r.Interval(0.95).Upper[s]) inside95[s]++;
            }
        }
        for (int s = 0; s < h; s++)
        {
            Assert.InRange(inside80[s] / (double)walks, 0.74, 0.86);
            Assert.InRange(inside95[s] / (double)walks, 0.92, 0.98);
        }
    }

    [Fact]
    public void Studentized_scores_refuse_a_zero_width_interval_and_survive_save_and_load()
    {
        // a constant series: the naive model's σ̂ is 0, so there is nothing to divide by
        var constant = new ConformalForecaster(() => new NaiveForecaster(), new ConformalIntervalOptions(2, 10, ConformalScore.Studentized));
        var e = Assert.Throws<KitDataException>(() => constant.Fit(new TimeSeries("flat", Enumerable.Repeat(5.0, 40).ToArray())));
        Assert.Contains("finite, positive width", e.Message);

        var values = Enumerable.Range(0, 60).Select(i => 10 + Math.Sin(i) + 0.1 * i).ToArray();
        var model = new ConformalForecaster(() => new NaiveForecaster(), new ConformalIntervalOptions(2, 10, ConformalScore.Studentized)).Fit(new TimeSeries("s", values));
        using var file = new MemoryStream();
        model.Save(file);
        file.Position = 0;
        var loaded = Assert.IsType<ConformalForecaster>(ForecasterPersistence.Load(file));
        Assert.Equal(ConformalScore.Studentized, loaded.Options.Score);
        var options = new ForecastOptions { Levels = [0.95] };
        Assert.Equal(model.Forecast(2, options).Interval(0.95).Upper, loaded.Forecast(2, options).Interval(0.95).Upper);
        Assert.Contains("studentized", model.Describe());
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
