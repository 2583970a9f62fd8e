namespace AdaptiveEtl.Kit.Notebooks.Tests.Formatting;

/// <summary>
/// Tests that use the process-wide formatter registry (and its "plotly.js already emitted" flag) run alone, never in
/// parallel with each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FormatterCollection
{
    public const string Name = "Formatter registry";
}
