using AdaptiveEtl.Kit.Lineage;

namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>A column a query family filters on, with how it is compared and how many rows the filter keeps.</summary>
/// <param name="Column">The base column.</param>
/// <param name="Kind">The predicate shape (equality predicates lead a composite index).</param>
/// <param name="Selectivity">Estimated share of rows kept (mean over the family's executions), or null when the predicate has no literal operand.</param>
public sealed record FilteredColumn(ColumnRef Column, PredicateKind? Kind, double? Selectivity);
