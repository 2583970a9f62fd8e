using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using AdaptiveEtl.Kit.SchemaEvolution.Shadow;
using SchemaChangeDdl = AdaptiveEtl.Kit.SchemaEvolution.Ddl.SchemaChangeDdl; // schema-usage has a Recommendations.SchemaChangeDdl too (merge conflict)

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>What simulating a recommendation found: the what-if estimate, the measured shadow replay and the verdict.</summary>
/// <param name="Recommendation">The recommendation (with <c>from_type</c> filled from the catalog for type changes).</param>
/// <param name="Passed">True when the measured shadow gain cleared <see cref="Threshold"/>.</param>
/// <param name="Reason">Why it passed or not, in one sentence.</param>
/// <param name="WhatIf">The HypoPG estimate, or why there is none.</param>
/// <param name="Shadow">The shadow replay before/after (null when the simulation stopped before it).</param>
/// <param name="Ddl">The generated DDL (null when it could not be generated).</param>
/// <param name="Threshold">The gain threshold applied.</param>
public sealed record SimulationResult(
    SchemaRecommendation Recommendation,
    bool Passed,
    string Reason,
    WhatIfResult WhatIf,
    ReplayComparison? Shadow,
    SchemaChangeDdl? Ddl,
    double Threshold)
{
    /// <summary>The measured shadow gain (null without a replay).</summary>
    public double? MeasuredGain => Shadow?.Gain;

    /// <summary>
    /// The families the change can affect, timed in the interleaved rounds (and monitored on production after the
    /// change); empty: the whole workload is monitored.
    /// </summary>
    public IReadOnlyList<string> TimedFamilies { get; init; } = [];

    /// <summary>The interleaved two-shadow measurement behind <see cref="Shadow"/>: round gains and their 95 % interval (null without a replay).</summary>
    public InterleavedComparison? Measurement { get; init; }
}
