namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>How the shadow copy of the production tables is made.</summary>
/// <param name="SampleFraction">Share of each table's rows copied, in (0, 1]; 1 copies everything (Bernoulli sampling otherwise).</param>
/// <param name="Seed">Seed of the row sample, so the same shadow is built twice.</param>
/// <param name="Directory">Where a DuckDB shadow file is written (default: the temp folder).</param>
public sealed record ShadowOptions(double SampleFraction = 1.0, int Seed = 42, string? Directory = null)
{
    internal void Validate()
    {
        if (!(SampleFraction > 0 && SampleFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(SampleFraction), SampleFraction, "must be in (0, 1]");
    }
}
