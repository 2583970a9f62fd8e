namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>When a planned step runs.</summary>
public enum StepPhase
{
    /// <summary>Ahead of the trigger, on staged data; at trigger time it only processes the delta (row-wise) or is reused when its inputs did not change (holistic).</summary>
    RunAhead,

    /// <summary>At trigger time, over the complete inputs.</summary>
    AtTrigger,

    /// <summary>Not run at trigger time: its upstream inputs and definition are unchanged since its last successful run.</summary>
    Skipped,
}
