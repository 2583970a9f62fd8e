using AdaptiveEtl.Kit.DeepLearning.Synthesis;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Synthesis;

[Collection(TorchCollection.Name)]
public class TrainingBehaviourTests
{
    private static SynthesizerOptions Tiny(int seed) => new() { Epochs = 2, BatchSize = 50, Seed = seed, EmbeddingDimension = 16, GeneratorDimensions = [32, 32], DiscriminatorDimensions = [32, 32], EncoderDimensions = [32], DecoderDimensions = [32] };

    private static TabularSynthesizer Create(string kind, SynthesizerOptions o) => kind == "ctgan" ? new CtganSynthesizer(o) : new TvaeSynthesizer(o);

    [Theory]
    [InlineData("ctgan")]
    [InlineData("tvae")]
    public void SameSeedGivesTheSameSamples(string kind)
    {
        var data = SynthesisTestData.Mixed(120);
        var ct = TestContext.Current.CancellationToken;
        var a = Create(kind, Tiny(7));
        a.Fit(data, cancellationToken: ct);
        var b = Create(kind, Tiny(7));
        b.Fit(data, cancellationToken: ct);
        var c = Create(kind, Tiny(8));
        c.Fit(data, cancellationToken: ct);
        var sa = a.Sample(40, seed: 2);
        var sb = b.Sample(40, seed: 2);
        var sc = c.Sample(40, seed: 2);
        foreach (var col in sa.Columns)
            for (var i = 0; i < 40; i++) Assert.Equal(col[i], sb.Columns[col.Name][i]);
        Assert.Contains(Enumerable.Range(0, 40), i => !Equals(sa.Columns["x"][i], sc.Columns["x"][i]));
        Assert.Equal(a.LossHistory.Select(e => e.Losses.Values.First()), b.LossHistory.Select(e => e.Losses.Values.First()));
    }

    [Fact]
    public void ProgressIsReportedPerEpoch()
    {
        var seen = new List<EpochProgress>();
        var model = new CtganSynthesizer(Tiny(1) with { Epochs = 3 });
        model.Fit(SynthesisTestData.Mixed(60), progress: new SyncProgress(seen.Add), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([1, 2, 3], seen.Select(p => p.Epoch));
        Assert.All(seen, p => Assert.True(p.Losses.ContainsKey("generator") && p.Losses.ContainsKey("discriminator")));
        Assert.All(seen, p => Assert.True(double.IsFinite(p.Losses["generator"])));
    }

    [Fact]
    public void CancelledTrainingLeavesNoModel()
    {
        using var cts = new CancellationTokenSource();
        var model = new CtganSynthesizer(Tiny(1) with { Epochs = 50 });
        Assert.ThrowsAny<OperationCanceledException>(() => model.Fit(SynthesisTestData.Mixed(100), progress: new SyncProgress(_ => cts.Cancel()), cancellationToken: cts.Token));
        Assert.False(model.IsFitted);
        var dir = Path.Combine(Path.GetTempPath(), "kit-synth-" + Guid.NewGuid().ToString("N"));
        Assert.Throws<InvalidOperationException>(() => model.Save(dir));
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void TooFewRowsIsAClearError()
    {
        var e = Assert.Throws<KitDataException>(() => new CtganSynthesizer(Tiny(1)).Fit(SynthesisTestData.Mixed(15), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("at least 20 training rows", e.Message);
        Assert.Contains("got 15", e.Message);
    }

    [Fact]
    public void TextColumnsAreRefusedByName()
    {
        var data = SynthesisTestData.Mixed(60);
        data.Columns.Add(new StringDataFrameColumn("email", Enumerable.Range(0, 60).Select(i => $"user{i}@example.org")));
        var schema = TableSchema.Infer(data);
        Assert.Equal(ColumnKind.Text, schema["email"].Kind);
        var e = Assert.Throws<KitDataException>(() => new TvaeSynthesizer(Tiny(1)).Fit(data, schema, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("email", e.Column);
        Assert.Contains("mask", e.Message);
    }

    [Fact]
    public void LoadingAMissingModelIsAClearError()
    {
        var e = Assert.Throws<KitDataException>(() => TabularSynthesizer.Load("/nonexistent/model"));
        Assert.Contains("synthesizer.json", e.Message);
    }

    /// <summary>IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<EpochProgress> action) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value) => action(value);
    }
}
