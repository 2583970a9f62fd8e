using AdaptiveEtl.Kit.SchemaEvolution;

namespace AdaptiveEtl.Kit;

public sealed partial class EtlKit
{
    private SchemaEvolutionKit? _schema;

    /// <summary>
    /// Schema evolution: <c>kit.Schema.Workload(…)</c>, <c>.Recommend(…)</c>, <c>.PerformanceSeries(…)</c>,
    /// <c>.BacktestDegradation(…)</c>, <c>.DegradationRisks(…)</c>, <c>.AtRisk(…)</c>, <c>.ReplayWorkload(…)</c>,
    /// <c>.DryRunAsync(…)</c> and <c>.Controller(…)</c>; the decision log lives in the work folder.
    /// </summary>
    public SchemaEvolutionKit Schema => _schema ??= new SchemaEvolutionKit(WorkDirectory);
}
