using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>A batch with synthetic rows blended in.</summary>
/// <param name="Frame">Real rows first, then synthetic rows; the provenance column is true for synthetic rows.</param>
/// <param name="RealRows">Number of real rows.</param>
/// <param name="SyntheticRows">Number of synthetic rows.</param>
/// <param name="Ratio">Synthetic-to-real ratio that was targeted.</param>
/// <param name="RowsPerSlice">Synthetic rows drawn for each under-represented slice (by its description); the rest were unconditional.</param>
public sealed record BlendResult(DataFrame Frame, int RealRows, int SyntheticRows, double Ratio, IReadOnlyDictionary<string, int> RowsPerSlice);
