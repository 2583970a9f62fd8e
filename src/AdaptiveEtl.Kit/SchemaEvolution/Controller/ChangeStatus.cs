namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>Where a recommendation ended up in the controller.</summary>
public enum ChangeStatus
{
    /// <summary>Not taken: invalid, target gone, or the simulation did not clear the gain threshold.</summary>
    Rejected,
    /// <summary>Simulated and passed; waiting for its maintenance window.</summary>
    Scheduled,
    /// <summary>Its window was closed (or too little of it was left): production was not touched.</summary>
    NotStarted,
    /// <summary>Applying failed (a statement, the verification, the window closing, a dropped connection): rolled back, production as before.</summary>
    Failed,
    /// <summary>Applied and monitored without regression: kept.</summary>
    Kept,
    /// <summary>Applied, then the monitored workload regressed beyond the threshold: rolled back to the previous state.</summary>
    RolledBack,
}
