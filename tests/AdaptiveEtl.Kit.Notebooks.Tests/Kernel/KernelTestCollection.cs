namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

/// <summary>Kernel tests that start kernel processes run one at a time (2 shared cores).</summary>
[CollectionDefinition(Name)]
public sealed class KernelTestCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "Jupyter kernel processes";
}
