using AdaptiveEtl.Kit.DeepLearning.Synthesis;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Evaluation;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Feedback;
using AdaptiveEtl.Kit.Synthesis.Feedback;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Synthesis;

[Collection(TorchCollection.Name)]
public class FeedbackLoopTests
{
    /// <summary>Label = x &gt; 0 with 10 % label noise: a FastTree model on real rows must find it.</summary>
    private static DataFrame Labelled(int rows, int seed)
    {
        var frame = SynthesisTestData.Mixed(rows, seed);
        var random = new Random(seed + 100);
        var x = frame.Columns["x"];
        frame.Columns.Add(new BooleanDataFrameColumn("label", Enumerable.Range(0, rows).Select(i => ((double)x[i]! > 0) ^ (random.NextDouble() < 0.1))));
        frame.Columns.Remove("constant");
        frame.Columns.Remove("empty");
        return frame;
    }

    [Fact]
    public void MlEfficacySeparatesInformativeFromShuffledTrainingRows()
    {
        var train = Labelled(400, 1);
        var test = Labelled(300, 2);
        var real = MlEfficacy.Evaluate(train, test, "label");
        // Bayes-optimal accuracy is 0.9 (10 % flipped labels), so F1 ≈ 0.9 is reachable; AUC close to 0.9 as well.
        Assert.True(real.F1 > 0.8, $"F1 {real.F1:F3}");
        Assert.True(real.Auc > 0.8, $"AUC {real.Auc:F3}");
        // Labels shuffled across rows: no signal left.
        var labels = train.Columns["label"];
        var shuffled = Enumerable.Range(0, 400).Select(i => (bool)labels[(i * 7919) % 400]!).ToArray();
        train.Columns["label"] = new BooleanDataFrameColumn("label", shuffled.Select(b => (bool?)b));
        var noise = MlEfficacy.Evaluate(train, test, "label");
        Assert.True(noise.Auc < 0.7, $"AUC on shuffled labels {noise.Auc:F3}");
    }

    [Fact]
    public void LoopPlaysRoundsLearnsAndPersistsTheChoice()
    {
        var train = Labelled(300, 3);
        var holdout = Labelled(200, 4);
        AugmentationArm[] arms = [new(0.0, 0, "ctgan"), new(0.3, 0, "ctgan"), new(0.3, 0, "tvae")];
        var loop = new AugmentationFeedbackLoop(train, holdout, "label", arms,
            new SynthesizerOptions { Epochs = 3, BatchSize = 100, EmbeddingDimension = 16, GeneratorDimensions = [32, 32], DiscriminatorDimensions = [32, 32], EncoderDimensions = [32], DecoderDimensions = [32] }, seed: 5);
        var rounds = loop.Run(6, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(6, rounds.Count);
        Assert.Equal(6, loop.Bandit.Steps);
        Assert.All(rounds, r => Assert.InRange(r.Reward, 0, 1));
        Assert.All(rounds, r => Assert.Equal(r.Arm.BlendRatio == 0 ? 0 : 90, r.SyntheticRows)); // 0.3 × 300 rows
        var path = Path.Combine(Path.GetTempPath(), "kit-loop-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            loop.Bandit.Save(path);
            Assert.Equal(loop.Bandit.Best, ThompsonSamplingBandit.LoadChosen(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
