using AdaptiveEtl.Kit.SchemaEvolution.Shadow;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>How one recommendation ended in the controller.</summary>
/// <param name="RecommendationId">The recommendation.</param>
/// <param name="Status">Where it ended.</param>
/// <param name="Reason">Why, in one sentence.</param>
/// <param name="Simulation">Its simulation (null when it was rejected before one).</param>
/// <param name="Scheduled">Its schedule (null when it was not scheduled).</param>
/// <param name="Production">Production workload before/after the change (when it was applied and monitored).</param>
/// <param name="CatalogBefore">The table's catalog before the change was attempted (when it was).</param>
/// <param name="CatalogAfter">The table's catalog at the end (after commit, rollback or failure).</param>
public sealed record ChangeOutcome(
    string RecommendationId,
    ChangeStatus Status,
    string Reason,
    SimulationResult? Simulation,
    ScheduledChange? Scheduled,
    ReplayComparison? Production,
    TableCatalog? CatalogBefore,
    TableCatalog? CatalogAfter);
