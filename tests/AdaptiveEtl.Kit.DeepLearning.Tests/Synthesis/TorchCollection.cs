namespace AdaptiveEtl.Kit.DeepLearning.Tests.Synthesis;

/// <summary>
/// The torch-based synthesis tests run one at a time: torch's random generator and thread pool are process-wide, and
/// two trainings at once on 2 shared cores only slow each other down.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "Synthesis torch models";
}
