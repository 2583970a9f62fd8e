namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>One kind of step in the decision log.</summary>
public enum DecisionStep
{
    /// <summary>A recommendation was handed to the controller.</summary>
    Proposed,
    /// <summary>It was simulated (what-if and shadow replay figures).</summary>
    Simulated,
    /// <summary>It passed and was scheduled for a maintenance window.</summary>
    Scheduled,
    /// <summary>It was applied to production (committed).</summary>
    Applied,
    /// <summary>Production was monitored after applying and the change kept.</summary>
    Monitored,
    /// <summary>It was rolled back after a regression.</summary>
    RolledBack,
    /// <summary>It was rejected, with the reason.</summary>
    Rejected,
    /// <summary>Applying failed and was rolled back.</summary>
    Failed,
    /// <summary>It was due but not started (window closed or too short).</summary>
    NotStarted,
}
