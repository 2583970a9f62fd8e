using AdaptiveEtl.Kit.DeepLearning.Forecasting;
using AdaptiveEtl.Kit.Forecasting;
using TorchSharp;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Forecasting;

/// <summary>Fits one LSTM on the simulated series (first 312 hours) for the accuracy, interval and persistence tests.</summary>
public sealed class FittedLstmFixture : IDisposable
{
    public const int Train = 312, Horizon = 48;

    public FittedLstmFixture()
    {
        torch.set_num_threads(1);
        (Values, Regressor) = SimulatedSeries.Generate();
        Model = new LstmForecaster(new LstmOptions { Lookback = 24, HiddenSize = 24, Epochs = 80, Patience = 12, LearningRate = 0.01, Dropout = 0.1, Seed = 11 });
        Model.Fit(SimulatedSeries.Series(Values, Regressor, Train), new Progress<LstmEpochProgress>(_ => Interlocked.Increment(ref reported)));
        Options = new ForecastOptions { FutureExogenous = SimulatedSeries.Future(Regressor, Train, Horizon), Seed = 5 };
        Forecast = Model.Forecast(Horizon, Options);
    }

    private int reported;

    public double[] Values { get; }
    public double[,] Regressor { get; }
    public LstmForecaster Model { get; }
    public ForecastOptions Options { get; }
    public ForecastResult Forecast { get; }
    public int Reported => Volatile.Read(ref reported);

    public void Dispose() => Model.Dispose();
}

[Collection(TorchCollection.Name)]
public sealed class LstmForecasterAccuracyTests(FittedLstmFixture fit) : IClassFixture<FittedLstmFixture>
{
    private const int Train = FittedLstmFixture.Train, Horizon = FittedLstmFixture.Horizon;

    [Fact]
    public void BeatsTheNaiveBaselineWithMaseBelowOne()
    {
        var actual = fit.Values.Skip(Train).Take(Horizon).ToArray();
        double mae = actual.Select((a, i) => Math.Abs(a - fit.Forecast.Mean[i])).Average();
        // MASE (Hyndman & Koehler 2006, "Another look at measures of forecast accuracy", eq. for non-seasonal series):
        // MAE of the forecast divided by the in-sample MAE of the one-step naive forecast.
        double scale = Enumerable.Range(1, Train - 1).Select(t => Math.Abs(fit.Values[t] - fit.Values[t - 1])).Average();
        double mase = mae / scale;
        // The naive baseline repeats the last observation; it misses the sine and the promotion switching on at hour 330.
        double naiveMae = actual.Select(a => Math.Abs(a - fit.Values[Train - 1])).Average();
        TestContext.Current.TestOutputHelper?.WriteLine($"MASE {mase:F3}, MAE {mae:F3}, naive MAE {naiveMae:F3}, epochs {fit.Model.History!.Epochs.Count} (best {fit.Model.History.BestEpoch})");
        Assert.True(mase < 1, $"MASE {mase:F3} (MAE {mae:F3}, naive scale {scale:F3})");
        Assert.True(mae < 0.5 * naiveMae, $"LSTM MAE {mae:F3} vs naive MAE {naiveMae:F3}");
    }

    [Fact]
    public void UsesTheFutureRegressor()
    {
        // Hours 330.. have the promotion on, +6 in the simulation: the forecast can only know that from
        // ForecastOptions.FutureExogenous. Over the first 6 hours after the switch, the forecast minus the simulation's
        // promotion-free curve 20 + 4 sin(2πt/24) must show the jump.
        double lift = Enumerable.Range(330, 6).Select(t => fit.Forecast.Mean[t - Train] - (20 + 4 * Math.Sin(2 * Math.PI * t / 24))).Average();
        double before = Enumerable.Range(324, 6).Select(t => fit.Forecast.Mean[t - Train] - (20 + 4 * Math.Sin(2 * Math.PI * t / 24))).Average();
        Assert.InRange(lift, 4.0, 8.0);
        Assert.InRange(before, -2.0, 2.0);
    }

    [Fact]
    public void IntervalsCoverRoughlyTheirNominalLevel()
    {
        var actual = fit.Values.Skip(Train).Take(Horizon).ToArray();
        double Coverage(double level)
        {
            var iv = fit.Forecast.Interval(level);
            return actual.Where((a, i) => a >= iv.Lower[i] && a <= iv.Upper[i]).Count() / (double)Horizon;
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"coverage 80%: {Coverage(0.8):P1}, 95%: {Coverage(0.95):P1}");
        // 48 correlated points: loose tolerance around the nominal 80 % and 95 %.
        Assert.InRange(Coverage(0.8), 0.6, 1.0);
        Assert.InRange(Coverage(0.95), 0.8, 1.0);
        // Intervals must not be absurdly wide either: the 95 % width stays below 8 noise standard deviations on average
        // (a calibrated Gaussian one would be 2 x 1.96 x 0.5 = 1.96 wide).
        var wide = fit.Forecast.Interval(0.95);
        double width = Enumerable.Range(0, Horizon).Select(i => wide.Upper[i] - wide.Lower[i]).Average();
        Assert.InRange(width, 1.0, 8 * SimulatedSeries.NoiseSd);
        // Quantiles are ordered and bracket the median.
        var q = fit.Forecast.Quantiles;
        for (int i = 0; i < Horizon; i++)
            Assert.True(q[0.05][i] <= q[0.5][i] && q[0.5][i] <= q[0.95][i]);
    }

    [Fact]
    public void ReportsProgressAndKeepsTheBestEpoch()
    {
        var history = fit.Model.History!;
        Assert.Equal(history.Epochs.Count, fit.Reported);
        Assert.All(history.Epochs, e => Assert.NotNull(e.ValidationLoss));
        double bestValidation = history.Epochs.Min(e => e.ValidationLoss!.Value);
        Assert.Equal(bestValidation, history.Epochs.Single(e => e.Epoch == history.BestEpoch).ValidationLoss);
        Assert.True(history.TrainLoss[^1] < history.TrainLoss[0], "training loss should fall");
        Assert.Contains("promo", fit.Model.Describe());
        Assert.Contains($"best epoch {history.BestEpoch}", history.ToHtml());
        Assert.Equal(history.Epochs.Count, history.ToHtml().Split("<tr><td>").Length - 1);
        Assert.Equal(Horizon, fit.Forecast.Timestamps!.Count);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Train), fit.Forecast.Timestamps[0]);
    }

    [Fact]
    public void SavedModelForecastsIdentically()
    {
        using var buffer = new MemoryStream();
        fit.Model.Save(buffer);
        var json = System.Text.Json.Nodes.JsonNode.Parse(buffer.ToArray())!;
        Assert.Equal(ForecasterPersistence.TypeNameOf(typeof(LstmForecaster)), json["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(json["state"]!["weights"]!.GetValue<string>()));

        buffer.Position = 0;
        var loaded = Assert.IsType<LstmForecaster>(ForecasterPersistence.Load(buffer));
        using (loaded)
        {
            var again = loaded.Forecast(Horizon, fit.Options);
            Assert.Equal(fit.Forecast.Mean, again.Mean);
            Assert.Equal(fit.Forecast.Interval(0.8).Lower, again.Interval(0.8).Lower);
            Assert.Equal(fit.Forecast.Interval(0.95).Upper, again.Interval(0.95).Upper);
            Assert.Equal(fit.Forecast.Timestamps, again.Timestamps);
            Assert.Equal(fit.Model.History!.BestEpoch, loaded.History!.BestEpoch);
        }
    }

    [Fact]
    public void TamperedStateIsRejectedAsKitDataException()
    {
        using var buffer = new MemoryStream();
        fit.Model.Save(buffer);
        var json = System.Text.Json.Nodes.JsonNode.Parse(buffer.ToArray())!;
        json["state"]!["options"]!["HiddenSize"] = 9; // weights were trained with 24 hidden units
        // Called directly: ForecasterPersistence.Load resolves FromState by reflection and (for now) wraps its exceptions
        // in TargetInvocationException.
        var e = Assert.Throws<KitDataException>(() => LstmForecaster.FromState(json["state"]!));
        Assert.Contains("forecaster file", e.Message);
    }

    [Fact]
    public void MissingOrMalformedFutureRegressorsAreRejected()
    {
        var missing = Assert.Throws<KitDataException>(() => fit.Model.Forecast(4));
        Assert.Contains("sim.sine_with_promo", missing.Message);
        Assert.Contains("promo", missing.Message);
        var tooShort = Assert.Throws<KitDataException>(() => fit.Model.Forecast(4, new ForecastOptions { FutureExogenous = new double[2, 1] }));
        Assert.Contains("at least the horizon, 4", tooShort.Message);
    }
}
