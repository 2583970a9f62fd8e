namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;

/// <summary>The output activation of a span of the transformed row.</summary>
public enum SpanActivation
{
    /// <summary>A single tanh value (the normalised offset of a continuous value within its mode).</summary>
    Tanh,
    /// <summary>A one-hot block (mode, category or null indicator): Gumbel-softmax in CTGAN; in TVAE cross-entropy in training and, when sampling, a draw from the softmax (or argmax, <see cref="SynthesizerOptions.SampleCategories"/>).</summary>
    Softmax,
}
