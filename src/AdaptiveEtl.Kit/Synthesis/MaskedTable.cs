using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>Output of <see cref="DataMasker.Mask"/>: the masked rows and their schema (kinds updated, sensitive flags cleared on masked columns).</summary>
/// <param name="Frame">Masked data.</param>
/// <param name="Schema">Schema of the masked data.</param>
public sealed record MaskedTable(DataFrame Frame, TableSchema Schema);
