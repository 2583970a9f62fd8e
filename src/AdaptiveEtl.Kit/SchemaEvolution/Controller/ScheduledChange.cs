using AdaptiveEtl.Kit.SchemaEvolution.Shadow;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// A change that passed its simulation and waits for its maintenance window. Only <see cref="SchemaEvolutionController.ScheduleAsync"/>
/// makes one, so production is never changed without a passing simulation.
/// </summary>
public sealed class ScheduledChange
{
    internal ScheduledChange(SimulationResult simulation, IReadOnlyList<WorkloadQuery> workload, DateTimeOffset notBefore)
    {
        Simulation = simulation;
        Workload = workload;
        NotBefore = notBefore;
    }

    /// <summary>The passing simulation.</summary>
    public SimulationResult Simulation { get; }

    /// <summary>The workload replayed on production to monitor the change.</summary>
    public IReadOnlyList<WorkloadQuery> Workload { get; }

    /// <summary>The earliest instant it may be applied (inside the window).</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>The recommendation's id.</summary>
    public string RecommendationId => Simulation.Recommendation.Id;
}
