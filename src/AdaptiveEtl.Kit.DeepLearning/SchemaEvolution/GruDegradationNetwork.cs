using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.SchemaEvolution;

/// <summary>The network behind <see cref="GruDegradationModel"/>: a GRU over the window, dropout on its last output, and a linear head giving one logit.</summary>
internal sealed class GruDegradationNetwork : nn.Module<Tensor, Tensor>
{
    private readonly GRU gru;
    private readonly Dropout dropout;
    private readonly Linear head;

    public GruDegradationNetwork(int channels, int hiddenSize, int layers, double dropoutRate) : base(nameof(GruDegradationNetwork))
    {
        gru = nn.GRU(channels, hiddenSize, layers, batchFirst: true, dropout: layers > 1 ? dropoutRate : 0.0);
        dropout = nn.Dropout(dropoutRate);
        head = nn.Linear(hiddenSize, 1);
        RegisterComponents();
    }

    /// <param name="window">[batch, lookback, channels]</param>
    /// <returns>[batch] logits of "degrades within the horizon".</returns>
    public override Tensor forward(Tensor window)
    {
        var (output, _) = gru.call(window);
        return head.call(dropout.call(output.select(1, -1))).squeeze(-1);
    }
}
