using AdaptiveEtl.Kit.DeepLearning.Synthesis;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;
using AdaptiveEtl.Kit.Synthesis;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Synthesis;

[Collection(TorchCollection.Name)]
public class DiversityPenaltyTests
{
    private static CtganSynthesizer Train(double weight)
    {
        var data = SynthesisTestData.Mixed(400);
        var model = new CtganSynthesizer(new SynthesizerOptions { Epochs = 40, BatchSize = 100, Seed = 2, EmbeddingDimension = 64, GeneratorDimensions = [64, 64], DiscriminatorDimensions = [64, 64], LearningRate = 1e-3, DiversityWeight = weight });
        model.Fit(data, cancellationToken: TestContext.Current.CancellationToken);
        return model;
    }

    [Fact]
    public void ModeSeekingPenaltyIncreasesOutputDistancePerLatentDistance()
    {
        // Mao et al. 2019: the penalty maximises d(G(z1,c), G(z2,c)) / d(z1, z2); with it on, the ratio must be larger.
        var off = Train(0);
        var on = Train(5);
        var ratioOff = off.ModeSeekingRatio(500, seed: 1);
        var ratioOn = on.ModeSeekingRatio(500, seed: 1);
        Assert.True(ratioOn > ratioOff * 1.1, $"ratio with penalty {ratioOn:F4}, without {ratioOff:F4}");
        Assert.Contains(on.LossHistory, e => e.Losses.ContainsKey("diversity"));
        Assert.DoesNotContain(off.LossHistory, e => e.Losses.ContainsKey("diversity"));
        // Recorded for the report (not asserted: on this small table the near-duplicate share does NOT reliably fall
        // with the penalty; seeds 1–3 measured 0.27/0.12/0.25 off vs 0.33/0.29/0.42 on at ε = 0.05).
        var real = TabularData.FromFrame(SynthesisTestData.Mixed(400));
        var dOff = DiversityMetrics.Evaluate(real, TabularData.FromFrame(off.Sample(400, 1), off.Schema));
        var dOn = DiversityMetrics.Evaluate(real, TabularData.FromFrame(on.Sample(400, 1), on.Schema));
        TestContext.Current.TestOutputHelper?.WriteLine($"near-duplicates off {dOff.NearDuplicateShare:F3} on {dOn.NearDuplicateShare:F3}; coverage off {dOff.Coverage:F3} on {dOn.Coverage:F3}");
        Assert.InRange(dOn.Coverage, 0.9, 1.0);
    }
}
