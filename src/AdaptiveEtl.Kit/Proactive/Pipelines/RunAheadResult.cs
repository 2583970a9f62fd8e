using AdaptiveEtl.Kit.Proactive.Planning;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// The state between a hybrid run's two phases: the plan, the staged source tables, their fingerprints at run-ahead time
/// (a staged table that changed afterwards invalidates what was computed from it) and the steps that ran ahead, whose
/// results wait in the work schema. The staged tables must stay as they are; rows arriving later go to the delta.
/// </summary>
public sealed class RunAheadResult
{
    internal RunAheadResult(ExecutionPlan plan, string runId, IReadOnlyDictionary<string, TableName> stagedSources,
        IReadOnlyDictionary<string, TableFingerprint> stagedFingerprints, IReadOnlyList<StepRunResult> steps)
    {
        Plan = plan;
        RunId = runId;
        StagedSources = stagedSources;
        StagedFingerprints = stagedFingerprints;
        Steps = steps;
    }

    /// <summary>The plan that was run ahead.</summary>
    public ExecutionPlan Plan { get; }

    /// <summary>The run identifier, shared with the trigger phase.</summary>
    public string RunId { get; }

    /// <summary>The staged table of every source.</summary>
    public IReadOnlyDictionary<string, TableName> StagedSources { get; }

    /// <summary>Fingerprints of the staged tables when the run ahead started.</summary>
    public IReadOnlyDictionary<string, TableFingerprint> StagedFingerprints { get; }

    /// <summary>The steps that ran ahead.</summary>
    public IReadOnlyList<StepRunResult> Steps { get; }

    /// <summary>True once <see cref="HybridExecutor.CompleteAsync"/> consumed this result (its work tables are gone).</summary>
    public bool IsCompleted { get; internal set; }

    /// <summary>Names of the steps that ran ahead.</summary>
    public IReadOnlySet<string> RanAhead => Steps.Select(s => s.Step).ToHashSet(StringComparer.Ordinal);
}
