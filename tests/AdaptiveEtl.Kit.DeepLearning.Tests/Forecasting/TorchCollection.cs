namespace AdaptiveEtl.Kit.DeepLearning.Tests.Forecasting;

/// <summary>
/// LSTM tests share torch's process-wide random generator (weight initialisation, dropout): they run outside the parallel
/// phase so that other TorchSharp tests of the assembly cannot consume draws between a seed and its use.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "LSTM (torch global RNG)";
}
