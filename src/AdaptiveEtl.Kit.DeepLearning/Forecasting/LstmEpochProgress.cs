namespace AdaptiveEtl.Kit.DeepLearning.Forecasting;

/// <summary>Losses after one training epoch of <see cref="LstmForecaster"/>, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Epoch">One-based epoch number.</param>
/// <param name="MaxEpochs">Configured maximum number of epochs (training may stop earlier).</param>
/// <param name="TrainLoss">Mean squared error on the training windows (scaled units, dropout active).</param>
/// <param name="ValidationLoss">Mean squared error on the validation windows (scaled units, dropout off), or null without a validation split.</param>
/// <param name="IsBest">True when this epoch has the lowest validation loss so far (its weights are kept).</param>
public sealed record LstmEpochProgress(int Epoch, int MaxEpochs, double TrainLoss, double? ValidationLoss, bool IsBest);
