using AdaptiveEtl.Kit.DeepLearning.Synthesis;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;
using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Synthesis;

[Collection(TorchCollection.Name)]
public class SynthesizerTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    private static double NegativeShare(DataFrame frame)
    {
        var x = frame.Columns["x"];
        return Enumerable.Range(0, (int)x.Length).Count(i => x[i] is double v && v < 0) / (double)x.Length;
    }

    public static TheoryData<string> Kinds => new() { "ctgan", "tvae" };

    private TabularSynthesizer Model(string kind) => kind == "ctgan" ? models.Ctgan : models.Tvae;

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ReproducesCategoryFrequenciesRoughly(string kind)
    {
        var model = Model(kind);
        var sample = model.Sample(1000, seed: 1);
        // Training shares: A ≈ .6, B ≈ .3, C ≈ .1 (see SynthesisTestData); TV complement ≥ 0.8 = at most 20 points moved.
        var tv = QualityEvaluator.TvComplement(TabularData.FromFrame(models.Data).Labels("segment"), TabularData.FromFrame(sample, model.Schema).Labels("segment"));
        Assert.True(tv >= 0.8, $"{kind}: TV complement of segment {tv:F3}");
        Assert.Equal(model.Options.Epochs, model.LossHistory.Count);
        // Constant column reproduced as the constant, all-null column as null.
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Equal(5L, sample.Columns["constant"][i]));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Null(sample.Columns["empty"][i]));
        Assert.Equal(typeof(DateTime), sample.Columns["day"].DataType);
        Assert.Equal(typeof(long), sample.Columns["count"].DataType);
    }

    [Fact]
    public void TvaeColumnShapesAreWithinTwoPointsOfAFreshRealSample()
    {
        // The reference is the table's own generator: 1,000 fresh rows of SynthesisTestData.Mixed (another seed) scored
        // against the 400 training rows. TVAE's 1,000 rows must come within 2 points of that. Decoding the one-hot spans by
        // argmax (SynthesizerOptions.SampleCategories = false, the reference implementation) under-produces the rare
        // segment C and the minor mixture modes: it scored 0.940–0.949 here over three sample seeds, against 0.974–0.975
        // when drawing from the softmax.
        var train = TabularData.FromFrame(models.Data, models.Tvae.Schema);
        double real = QualityEvaluator.Evaluate(train, TabularData.FromFrame(SynthesisTestData.Mixed(1000, seed: 2), models.Tvae.Schema)).ColumnShapesScore;
        double tvae = QualityEvaluator.Evaluate(train, TabularData.FromFrame(models.Tvae.Sample(1000, seed: 2), models.Tvae.Schema)).ColumnShapesScore;
        Assert.True(tvae >= real - 0.02, $"TVAE column shapes {tvae:F3}, a fresh real sample {real:F3}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ConditionalSamplingProducesOnlyTheRequestedCategory(string kind)
    {
        var model = Model(kind);
        var b = model.SampleWhere("segment", "B", 300, seed: 4);
        Assert.All(Enumerable.Range(0, 300), i => Assert.Equal("B", b.Columns["segment"][i]));
        // The other columns follow the condition: in training x < 0 for B (N(−10, 1)) and x > 0 for A.
        var bNegative = NegativeShare(b);
        var aNegative = NegativeShare(model.SampleWhere("segment", "A", 300, seed: 4));
        Assert.True(bNegative > aNegative + 0.3, $"{kind}: share of x < 0 given B {bNegative:F2}, given A {aNegative:F2}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void NumericSliceValuesFallInTheBin(string kind)
    {
        var model = Model(kind);
        var rows = model.SampleSlice(new DriftSlice("x", null, -12, -8, 0.3, 0.1), 200, seed: 5);
        var x = rows.Columns["x"];
        Assert.All(Enumerable.Range(0, 200), i => Assert.InRange((double)x[i]!, -12, -8 - 1e-12));
        var lastBin = model.SampleSlice(new DriftSlice("count", null, 18, null, 0.15, 0.05), 50, seed: 5);
        Assert.All(Enumerable.Range(0, 50), i => Assert.InRange((long)lastBin.Columns["count"][i]!, 18, 20));
    }

    [Fact]
    public void UnknownCategoryIsAClearError()
    {
        var e = Assert.Throws<KitDataException>(() => models.Ctgan.SampleWhere("segment", "Z", 10));
        Assert.Equal("segment", e.Column);
        Assert.Contains("'Z'", e.Message);
        Assert.Contains("A, B, C", e.Message);
        var slice = Assert.Throws<KitDataException>(() => models.Tvae.SampleSlice(new DriftSlice("x", null, 100, 200, 0.1, 0), 10));
        Assert.Contains("outside", slice.Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SaveAndLoadGiveTheSameSamples(string kind)
    {
        var model = Model(kind);
        var dir = Path.Combine(Path.GetTempPath(), "kit-synth-" + Guid.NewGuid().ToString("N"), "model");
        try
        {
            model.Save(dir);
            model.Save(dir); // overwriting an existing model works and leaves no temporary directories
            Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(dir)!));
            var loaded = TabularSynthesizer.Load(dir);
            Assert.Equal(kind, loaded.Name);
            Assert.Equal(model.LossHistory.Count, loaded.LossHistory.Count);
            var a = model.Sample(50, seed: 9);
            var b = loaded.Sample(50, seed: 9);
            foreach (var col in a.Columns)
                for (var i = 0; i < 50; i++) Assert.Equal(col[i], b.Columns[col.Name][i]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, true);
        }
    }
}
