namespace AdaptiveEtl.Kit.SchemaEvolution.Shadow;

/// <summary>One query family of the recorded workload: a representative SQL text and how often it runs.</summary>
/// <param name="Family">The family's name or normalised fingerprint (shown in results and the decision log).</param>
/// <param name="Sql">A representative query of the family, run as is when the workload is replayed.</param>
/// <param name="Frequency">How often the family runs per period (the weight of its time in the workload total); &gt; 0.</param>
public sealed record WorkloadQuery(string Family, string Sql, double Frequency);
