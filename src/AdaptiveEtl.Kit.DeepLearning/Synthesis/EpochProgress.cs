namespace AdaptiveEtl.Kit.DeepLearning.Synthesis;

/// <summary>Progress after one training epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Losses">Mean losses of the epoch by name (CTGAN: "generator", "discriminator", "diversity"; TVAE: "reconstruction", "kl", "total").</param>
/// <param name="Seconds">Wall-clock seconds the epoch took.</param>
public sealed record EpochProgress(int Epoch, int Epochs, IReadOnlyDictionary<string, double> Losses, double Seconds)
{
    /// <summary>On the first epoch: how training was adapted to the data and recommendations (<see cref="TrainingPlan.Notices"/>); empty otherwise.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}
