using AdaptiveEtl.Kit.Synthesis;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit;

public sealed partial class EtlKit
{
    /// <summary>
    /// A blender that fills the slices a drifted batch lost with synthetic rows from <paramref name="source"/> (a trained
    /// synthesizer of <c>AdaptiveEtl.Kit.DeepLearning</c>, or any <see cref="ISyntheticSource"/>).
    /// </summary>
    public SyntheticBlender Blender(ISyntheticSource source, BlendingPolicy? policy = null) => new(source, policy);

    /// <summary>How faithful <paramref name="synthetic"/> rows are to <paramref name="real"/> ones (column shapes and pairs, SDMetrics-style).</summary>
    public QualityReport EvaluateSynthetic(DataFrame real, DataFrame synthetic)
    {
        var r = TabularData.FromFrame(real);
        return QualityEvaluator.Evaluate(r, TabularData.FromFrame(synthetic, r.Schema));
    }
}
