using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>
/// All executions of one normalised query shape (<see cref="SqlFingerprint"/>), or of one access-log read pattern
/// (<see cref="Source"/> <c>access</c>), with their cost, who runs them, the columns they use and how they trend.
/// </summary>
/// <param name="Fingerprint">The family id (<see cref="SqlFingerprint.Of"/>).</param>
/// <param name="NormalizedSql">The normalised text (literals as <c>?</c>); for access reads <c>read dataset(columns)</c>.</param>
/// <param name="SampleSql">The most frequent original text (runnable); for access reads null.</param>
/// <param name="Source"><c>sql</c> (query log) or <c>access</c> (access log).</param>
/// <param name="Kind">The statement kind, or null when the text did not parse or for access reads.</param>
/// <param name="Executions">Executions (sum of calls).</param>
/// <param name="DistinctTexts">How many different original texts (literal values) the family has.</param>
/// <param name="TotalDurationMs">Total time of the executions with a duration.</param>
/// <param name="MeanDurationMs">Mean duration per execution (0 when unknown).</param>
/// <param name="P95DurationMs">95th percentile of per-execution durations (0 when unknown).</param>
/// <param name="MeanRows">Mean rows per execution, or null.</param>
/// <param name="FirstSeen">First execution.</param>
/// <param name="LastSeen">Last execution.</param>
/// <param name="Reads">Tables read, sorted.</param>
/// <param name="Target">Table written, or null.</param>
/// <param name="Consumers">Users and applications that ran it (<c>user:alice</c>, <c>application:superset</c>), sorted.</param>
/// <param name="Filters">Columns filtered on, with predicate shape and selectivity.</param>
/// <param name="JoinColumns">Join keys.</param>
/// <param name="GroupColumns">GROUP BY keys.</param>
/// <param name="OrderColumns">ORDER BY keys under LIMIT.</param>
/// <param name="Weekly">Executions and mean duration per week over the whole model's range.</param>
/// <param name="ExecutionTrendPerWeek">Least-squares slope of weekly executions (executions per week per week).</param>
/// <param name="DurationTrendMsPerWeek">Least-squares slope of the weekly mean duration (ms per week; 0 with fewer than two weeks).</param>
/// <param name="LineageDepth">How many table hops lie upstream of what it reads (0: it reads only source tables).</param>
/// <param name="ProjectedColumns">Columns whose values it returns or writes.</param>
public sealed record QueryFamily(
    string Fingerprint, string NormalizedSql, string? SampleSql, string Source, StatementKind? Kind, long Executions, int DistinctTexts,
    double TotalDurationMs, double MeanDurationMs, double P95DurationMs, double? MeanRows, DateTimeOffset FirstSeen, DateTimeOffset LastSeen,
    IReadOnlyList<string> Reads, string? Target, IReadOnlyList<string> Consumers, IReadOnlyList<FilteredColumn> Filters,
    IReadOnlyList<ColumnRef> JoinColumns, IReadOnlyList<ColumnRef> GroupColumns, IReadOnlyList<ColumnRef> OrderColumns,
    IReadOnlyList<WeeklyPoint> Weekly, double ExecutionTrendPerWeek, double DurationTrendMsPerWeek, int LineageDepth,
    IReadOnlyList<ColumnRef> ProjectedColumns)
{
    /// <summary>Relative growth of the mean duration from the first to the last week with executions (0.5 = 50 % slower), or 0.</summary>
    public double DurationGrowth
    {
        get
        {
            var timed = Weekly.Where(w => w.MeanDurationMs is > 0).ToList();
            return timed.Count < 2 ? 0 : timed[^1].MeanDurationMs!.Value / timed[0].MeanDurationMs!.Value - 1;
        }
    }
}
