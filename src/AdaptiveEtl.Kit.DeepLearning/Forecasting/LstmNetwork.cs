using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.Forecasting;

/// <summary>
/// The network behind <see cref="LstmForecaster"/>: an LSTM over a window of past (target, regressors) rows, dropout on its
/// last hidden state, and a linear head that also sees the regressors of the step being predicted (known future covariates).
/// </summary>
internal sealed class LstmNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly LSTM lstm;
    private readonly Dropout dropout;
    private readonly Linear head;
    private readonly int futureFeatures;

    public LstmNetwork(int inputFeatures, int futureFeatures, int hiddenSize, int layers, double dropoutRate) : base(nameof(LstmNetwork))
    {
        this.futureFeatures = futureFeatures;
        lstm = nn.LSTM(inputFeatures, hiddenSize, layers, batchFirst: true, dropout: layers > 1 ? dropoutRate : 0.0);
        dropout = nn.Dropout(dropoutRate);
        head = nn.Linear(hiddenSize + futureFeatures, 1);
        RegisterComponents();
    }

    /// <param name="window">[batch, lookback, 1 + regressors]</param>
    /// <param name="future">[batch, regressors] at the predicted step (ignored without regressors)</param>
    /// <returns>[batch] scaled prediction of the next value.</returns>
    public override Tensor forward(Tensor window, Tensor future)
    {
        var (output, _, _) = lstm.call(window);
        var last = output.select(1, -1);
        var features = dropout.call(last);
        if (futureFeatures > 0) features = cat([features, future], 1);
        return head.call(features).squeeze(-1);
    }
}
