namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>What an executor did with a step.</summary>
public enum StepAction
{
    /// <summary>Ran over its complete inputs.</summary>
    Full,
    /// <summary>Ran over the delta only and appended it to the part computed ahead (row-wise steps).</summary>
    Delta,
    /// <summary>Published the result computed ahead unchanged: none of its inputs changed after the run ahead.</summary>
    Reused,
    /// <summary>Not run: inputs and definition unchanged since the last successful run, so the output already holds the result.</summary>
    Skipped,
}
