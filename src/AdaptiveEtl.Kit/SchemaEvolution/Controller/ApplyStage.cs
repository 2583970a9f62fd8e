namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>Points of a production change where <see cref="SchemaControllerOptions.StageHook"/> is called (instrumentation, fault-injection tests).</summary>
public enum ApplyStage
{
    /// <summary>The forward statements ran; the transaction is still open (verification and window check follow, then commit).</summary>
    ForwardExecuted,
    /// <summary>The change is committed; the workload is about to be replayed on production to monitor it.</summary>
    BeforeMonitor,
    /// <summary>The rollback statements ran; their transaction is still open.</summary>
    RollbackExecuted,
}
