using System.Diagnostics;
using AdaptiveEtl.Kit.DeepLearning.SchemaEvolution;
using AdaptiveEtl.Kit.DeepLearning.Tests.Forecasting;
using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using TorchSharp;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.SchemaEvolution;

[Collection(TorchCollection.Name)]
public sealed class GruDegradationModelTests
{
    // One torch thread: the CPU is shared with other test processes, and thread contention would dominate these small fits.
    public GruDegradationModelTests() => torch.set_num_threads(1);

    [Fact]
    public void Trains_on_the_cpu_in_seconds_and_beats_the_constant_base_rate_in_the_backtest()
    {
        var sample = SyntheticDegradationSample.Generate(families: 16, periods: 120, seed: 7);
        var options = new GruDegradationOptions { Device = "cpu", Epochs = 15 };
        var clock = Stopwatch.StartNew();
        var gru = DegradationBacktest.Run(() => new GruDegradationModel(options), sample.Series, firstOrigin: 40, step: 20);
        clock.Stop();
        var constant = DegradationBacktest.Run(() => new ConstantDegradationModel(), sample.Series, firstOrigin: 40, step: 20);

        TestContext.Current.TestOutputHelper?.WriteLine($"{gru} in {clock.Elapsed.TotalSeconds:F1} s; {constant}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{gru.Origins} fits took {clock.Elapsed}");
        Assert.True(gru.Brier < constant.Brier, $"{gru} vs {constant}");
        Assert.True(gru.F1 > constant.F1, $"{gru} vs {constant}");
    }

    [Fact]
    public void Training_loss_falls_and_a_seed_reproduces_the_probabilities()
    {
        var sample = SyntheticDegradationSample.Generate(families: 8, periods: 100, seed: 11);
        var cases = DegradationFeatureBuilder.Build(sample.Series);
        var options = new GruDegradationOptions { Device = "cpu", Epochs = 10, Seed = 5 };
        using var a = new GruDegradationModel(options);
        using var b = new GruDegradationModel(options);
        a.Fit(cases);
        b.Fit(cases);
        Assert.True(a.EpochLosses[^1] < a.EpochLosses[0], string.Join(", ", a.EpochLosses));
        Assert.Equal(a.PredictProbabilities(cases), b.PredictProbabilities(cases));
    }
}
