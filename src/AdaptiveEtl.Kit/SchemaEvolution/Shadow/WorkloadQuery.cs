namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>One query family of the recorded workload: a representative SQL text and how often it runs.</summary>
/// <param name="Family">The family's name or normalised fingerprint (shown in results and the decision log).</param>
/// <param name="Sql">A representative query of the family, run as is when the workload is replayed.</param>
/// <param name="Frequency">How often the family runs per period (the weight of its time in the workload total); &gt; 0.</param>
/// <param name="SqlAfterChange">The family's query once the change is applied, when the change is one the queries must
/// be pointed at (a materialised view or pre-joined table); null: the same <paramref name="Sql"/> before and after.</param>
public sealed record WorkloadQuery(string Family, string Sql, double Frequency, string? SqlAfterChange = null)
{
    /// <summary>The workload as it runs once a change is applied (each family's <see cref="SqlAfterChange"/> where it has one).</summary>
    public static IReadOnlyList<WorkloadQuery> AfterChange(IReadOnlyList<WorkloadQuery> workload) =>
        workload.Select(q => q.SqlAfterChange is null ? q : q with { Sql = q.SqlAfterChange, SqlAfterChange = null }).ToList();
}
