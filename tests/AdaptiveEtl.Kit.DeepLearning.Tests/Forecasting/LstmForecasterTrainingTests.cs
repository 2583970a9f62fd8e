using AdaptiveEtl.Kit.DeepLearning.Forecasting;
using AdaptiveEtl.Kit.Forecasting;
using TorchSharp;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Forecasting;

[Collection(TorchCollection.Name)]
public sealed class LstmForecasterTrainingTests
{
    private static readonly LstmOptions Small = new() { Lookback = 12, HiddenSize = 8, Epochs = 6, BatchSize = 16, Seed = 3, SamplePaths = 50 };

    public LstmForecasterTrainingTests() => torch.set_num_threads(1);

    private static (TimeSeries Series, ForecastOptions Options) Data()
    {
        var (values, regressor) = SimulatedSeries.Generate(seed: 21);
        return (SimulatedSeries.Series(values, regressor, 120), new ForecastOptions { FutureExogenous = SimulatedSeries.Future(regressor, 120, 10) });
    }

    [Fact]
    public void SameSeedGivesIdenticalTrainingAndForecasts()
    {
        var (series, options) = Data();
        using var a = new LstmForecaster(Small);
        using var b = new LstmForecaster(Small);
        using var c = new LstmForecaster(Small with { Seed = 4 });
        var fa = a.Fit(series, progress: null, TestContext.Current.CancellationToken).Forecast(10, options);
        var fb = b.Fit(series, progress: null, TestContext.Current.CancellationToken).Forecast(10, options);
        var fc = c.Fit(series, progress: null, TestContext.Current.CancellationToken).Forecast(10, options);
        Assert.Equal(a.History!.TrainLoss, b.History!.TrainLoss);
        Assert.Equal(fa.Mean, fb.Mean);
        Assert.Equal(fa.Interval(0.8).Upper, fb.Interval(0.8).Upper);
        Assert.NotEqual(fa.Mean, fc.Mean);
    }

    [Fact]
    public void EarlyStoppingEndsTrainingAndRestoresTheBestEpoch()
    {
        var (series, _) = Data();
        using var model = new LstmForecaster(Small with { Epochs = 300, Patience = 1, LearningRate = 0.05 });
        model.Fit(series, progress: null, TestContext.Current.CancellationToken);
        var history = model.History!;
        Assert.True(history.StoppedEarly);
        Assert.True(history.Epochs.Count < 300);
        Assert.Equal(history.Epochs.Count - 1, history.BestEpoch); // patience 1: the epoch before the last was the best
    }

    [Fact]
    public void CancellationStopsTrainingAndLeavesTheModelUnfitted()
    {
        var (series, _) = Data();
        using var model = new LstmForecaster(Small with { Epochs = 50 });
        using var cancel = new CancellationTokenSource();
        var seen = new List<int>();
        // Progress<T> posts asynchronously; a synchronous IProgress cancels right after the second epoch.
        var progress = new SynchronousProgress(e => { seen.Add(e.Epoch); if (e.Epoch == 2) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => model.Fit(series, progress, cancel.Token));
        Assert.Equal([1, 2], seen);
        Assert.False(model.IsFitted);
        Assert.Null(model.History);
    }

    private sealed class SynchronousProgress(Action<LstmEpochProgress> report) : IProgress<LstmEpochProgress>
    {
        public void Report(LstmEpochProgress value) => report(value);
    }

    [Fact]
    public void TooShortSeriesIsRejectedNamingTheSeries()
    {
        var series = new TimeSeries("orders_daily.rows_in", Enumerable.Range(0, 15).Select(i => (double)i).ToArray());
        using var model = new LstmForecaster(Small);
        var e = Assert.Throws<KitDataException>(() => model.Fit(series));
        Assert.Contains("orders_daily.rows_in", e.Message);
        Assert.Contains($"at least {Small.Lookback + LstmForecaster.MinimumWindows}", e.Message);
        Assert.Equal("orders_daily.rows_in", e.Location);
    }

    [Fact]
    public void NonPositiveHorizonAndUnfittedModelAreRejected()
    {
        using var unfitted = new LstmForecaster(Small);
        Assert.Throws<InvalidOperationException>(() => unfitted.Forecast(3));
        Assert.Throws<InvalidOperationException>(() => unfitted.Save(new MemoryStream()));
        var series = new TimeSeries("s", Enumerable.Range(0, 60).Select(i => Math.Sin(i / 3.0)).ToArray());
        using var fitted = new LstmForecaster(Small with { Epochs = 1 });
        fitted.Fit(series);
        Assert.Throws<ArgumentOutOfRangeException>(() => fitted.Forecast(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => fitted.Forecast(-2));
        Assert.Equal(5, fitted.Forecast(5).Horizon);
        Assert.Throws<KitDataException>(() => fitted.Forecast(2, new ForecastOptions { FutureExogenous = new double[2, 1] }));
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LstmForecaster(new LstmOptions { Lookback = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LstmForecaster(new LstmOptions { Dropout = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LstmForecaster(new LstmOptions { ValidationFraction = 0.7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LstmForecaster(new LstmOptions { Device = "tpu" }));
        Assert.Equal("cpu", new LstmForecaster(new LstmOptions { Device = "cpu" }).Options.Device);
    }
}
