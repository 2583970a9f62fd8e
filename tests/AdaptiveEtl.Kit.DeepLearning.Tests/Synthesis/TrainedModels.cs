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
        // The small-data plan trains 400 rows with batch 40 (10 steps per epoch) and pac 4: 100 epochs = 1 000 steps.
        Ctgan = new CtganSynthesizer(new SynthesizerOptions { Epochs = 100, BatchSize = 100, Seed = 3, EmbeddingDimension = 64, GeneratorDimensions = [128, 128], DiscriminatorDimensions = [128, 128], LearningRate = 1e-3 });
        Ctgan.Fit(Data);
        // TVAE: batch 40, 10 steps per epoch, 80 epochs = 800 steps.
        Tvae = new TvaeSynthesizer(new SynthesizerOptions { Epochs = 80, BatchSize = 100, Seed = 3, EmbeddingDimension = 32 });
        Tvae.Fit(Data);
    }

    public DataFrame Data { get; }

    public CtganSynthesizer Ctgan { get; }

    public TvaeSynthesizer Tvae { get; }
}
