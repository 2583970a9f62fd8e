using AdaptiveEtl.Kit.Lineage;

namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>How one base column is used by the workload (counts are executions, i.e. weighted by calls).</summary>
/// <param name="Column">The column.</param>
/// <param name="Reads">Executions that use it in any role, plus access-log reads of it.</param>
/// <param name="Projections">Executions whose output values come from it.</param>
/// <param name="Filters">Executions filtering on it (WHERE/HAVING/QUALIFY).</param>
/// <param name="Joins">Executions joining on it.</param>
/// <param name="Groups">Executions grouping by it.</param>
/// <param name="Orders">Executions ordering by it under LIMIT.</param>
/// <param name="EqualityFilters">Filter executions comparing it with <c>=</c> or <c>IN</c>.</param>
/// <param name="RangeFilters">Filter executions comparing it with a range (<c>&lt;</c>, <c>&gt;</c>, <c>BETWEEN</c>).</param>
/// <param name="Selectivity">Execution-weighted mean share of rows its literal filters keep, or null when none had a literal.</param>
/// <param name="FilterDurationMs">Total time of the executions filtering or joining on it (what an index could speed up).</param>
/// <param name="AccessReads">Reads of it in the access log.</param>
/// <param name="Consumers">Distinct users and applications using it.</param>
/// <param name="WeeklyTrend">Least-squares slope of its weekly use (executions per week per week).</param>
public sealed record ColumnUsage(ColumnRef Column, long Reads, long Projections, long Filters, long Joins, long Groups, long Orders,
    long EqualityFilters, long RangeFilters, double? Selectivity, double FilterDurationMs, long AccessReads, int Consumers, double WeeklyTrend)
{
    /// <summary>The count for one role.</summary>
    public long Count(ColumnRole role) => role switch
    {
        ColumnRole.Projection => Projections,
        ColumnRole.Filter => Filters,
        ColumnRole.Join => Joins,
        ColumnRole.Group => Groups,
        ColumnRole.Order => Orders,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown column role"),
    };
}
