using AdaptiveEtl.Kit.DeepLearning.Synthesis;
using AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.DeepLearning.Tests.Synthesis;

/// <summary>One CTGAN and one TVAE trained once on <see cref="SynthesisTestData.Mixed"/> and shared by the tests of a class.</summary>
public sealed class TrainedModels
{
    public TrainedModels()
    {
        Data = SynthesisTestData.Mixed(400);
        // lr 1e-3 (instead of the paper's 2e-4) so that 1 000 steps on 400 rows learn the segment → x dependency.
        Ctgan = new CtganSynthesizer(new SynthesizerOptions { Epochs = 250, BatchSize = 100, Seed = 3, EmbeddingDimension = 64, GeneratorDimensions = [128, 128], DiscriminatorDimensions = [128, 128], LearningRate = 1e-3 });
        Ctgan.Fit(Data);
        Tvae = new TvaeSynthesizer(new SynthesizerOptions { Epochs = 200, BatchSize = 100, Seed = 3, EmbeddingDimension = 32 });
        Tvae.Fit(Data);
    }

    public DataFrame Data { get; }

    public CtganSynthesizer Ctgan { get; }

    public TvaeSynthesizer Tvae { get; }
}
