using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// A fitted generator of synthetic rows (CTGAN and TVAE in AdaptiveEtl.Kit.DeepLearning implement it) as seen by
/// <see cref="SyntheticBlender"/>: unconditional samples and samples inside one drift slice.
/// </summary>
public interface ISyntheticSource
{
    /// <summary>Schema of the rows the source produces.</summary>
    TableSchema Schema { get; }

    /// <summary>Draws <paramref name="rows"/> rows; the same seed gives the same rows.</summary>
    DataFrame Sample(int rows, int seed);

    /// <summary>Draws <paramref name="rows"/> rows that all fall into <paramref name="slice"/> (its category, or its numeric bin).</summary>
    /// <exception cref="KitDataException">The slice's column or category is unknown to the source.</exception>
    DataFrame SampleSlice(DriftSlice slice, int rows, int seed);
}
