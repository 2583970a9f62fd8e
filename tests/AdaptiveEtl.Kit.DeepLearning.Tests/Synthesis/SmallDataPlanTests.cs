using AdaptiveEtl.Kit.DeepLearning.Synthesis;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Synthesis;

[Collection(TorchCollection.Name)]
public class SmallDataPlanTests
{
    [Fact]
    public void SmallTableGetsABatchAndPacThatFitIt()
    {
        // 300 rows, paper defaults (batch 500, pac 10): batch = 300 / 10 = 30 (10 steps per epoch instead of 1),
        // pac = min(10, 30 / 10) = 3 so that a critic batch holds 10 packs.
        var ctgan = TrainingPlan.For("ctgan", new SynthesizerOptions(), 300);
        Assert.Equal((30, 3, 10, 300), (ctgan.BatchSize, ctgan.Pac, ctgan.StepsPerEpoch, ctgan.Epochs));
        Assert.Contains(ctgan.Notices, n => n.Contains("batch 500 → 30", StringComparison.Ordinal) && n.Contains("instead of 1", StringComparison.Ordinal));
        Assert.Contains(ctgan.Notices, n => n.Contains("pac 10 → 3", StringComparison.Ordinal));
        Assert.Contains(ctgan.Notices, n => n.Contains("TvaeSynthesizer is recommended", StringComparison.Ordinal));
        var tvae = TrainingPlan.For("tvae", new SynthesizerOptions(), 300);
        Assert.Equal((30, 1, 10), (tvae.BatchSize, tvae.Pac, tvae.StepsPerEpoch));
        Assert.DoesNotContain(tvae.Notices, n => n.Contains("recommended", StringComparison.Ordinal));
        // 8 000 rows already give 16 steps of 500: the options are used as given, and nothing is reported.
        var large = TrainingPlan.For("ctgan", new SynthesizerOptions(), 8000);
        Assert.Equal((500, 10, 16), (large.BatchSize, large.Pac, large.StepsPerEpoch));
        Assert.Empty(large.Notices);
        // Adaptation off: the reference behaviour (batch capped at the rows, one step per epoch) with only the recommendation.
        var off = TrainingPlan.For("ctgan", new SynthesizerOptions { AdaptToSmallData = false }, 300);
        Assert.Equal((300, 10, 1), (off.BatchSize, off.Pac, off.StepsPerEpoch));
        Assert.Single(off.Notices);
    }

    [Fact]
    public void CtganOnAFewHundredRowsLearnsTheConditionalStructureAndSaysHowItTrained()
    {
        // 300 rows of the seeded mixed table: segment B has x ~ N(−10, 1), A has x ~ N(+10, 1).
        var data = SynthesisTestData.Mixed(300, seed: 11);
        var seen = new List<EpochProgress>();
        var options = new SynthesizerOptions { Epochs = 60, Seed = 2, EmbeddingDimension = 32, GeneratorDimensions = [64, 64], DiscriminatorDimensions = [64, 64], LearningRate = 1e-3 };
        var model = new CtganSynthesizer(options);
        model.Fit(data, progress: new SyncProgress(seen.Add), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((30, 3, 10), (model.Plan!.BatchSize, model.Plan.Pac, model.Plan.StepsPerEpoch));
        Assert.Equal(model.Plan.Notices, seen[0].Notices);
        Assert.All(seen.Skip(1), p => Assert.Empty(p.Notices));
        static double NegativeShare(Microsoft.Data.Analysis.DataFrame f) =>
            Enumerable.Range(0, (int)f.Rows.Count).Count(i => f.Columns["x"][i] is double v && v < 0) / (double)f.Rows.Count;
        var givenB = NegativeShare(model.SampleWhere("segment", "B", 300, seed: 4));
        var givenA = NegativeShare(model.SampleWhere("segment", "A", 300, seed: 4));
        Assert.True(givenB > givenA + 0.3, $"share of x < 0 given B {givenB:F2}, given A {givenA:F2}");
        // The adapted pac survives save/load (the critic is rebuilt with pac 3).
        var dir = Path.Combine(Path.GetTempPath(), "kit-synth-" + Guid.NewGuid().ToString("N"), "model");
        try
        {
            model.Save(dir);
            var loaded = TabularSynthesizer.Load(dir);
            Assert.Equal(3, loaded.Plan!.Pac);
            Assert.Equal(model.Sample(50, seed: 9).Columns["x"].Cast<object?>(), loaded.Sample(50, seed: 9).Columns["x"].Cast<object?>());
        }
        finally
        {
            if (Directory.Exists(Path.GetDirectoryName(dir)!)) Directory.Delete(Path.GetDirectoryName(dir)!, true);
        }
    }

    private sealed class SyncProgress(Action<EpochProgress> action) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value) => action(value);
    }
}
