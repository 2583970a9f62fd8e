using AdaptiveEtl.Kit.Proactive.Pipelines;

namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>One step of an <see cref="ExecutionPlan"/> with the figures the decision was made from.</summary>
public sealed record PlannedStep
{
    /// <summary>Step name.</summary>
    public required string Name { get; init; }
    /// <summary>SQL or C#.</summary>
    public required StepKind Kind { get; init; }
    /// <summary>Row-wise or holistic.</summary>
    public required StepMode Mode { get; init; }
    /// <summary>Input tables.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }
    /// <summary>Output table.</summary>
    public required string Output { get; init; }
    /// <summary>Position in the priority order (0 first).</summary>
    public required int Order { get; init; }
    /// <summary>Depth in the DAG: 0 for steps that read only sources, else 1 + the deepest producer (for graph layouts).</summary>
    public required int Level { get; init; }
    /// <summary>When the step runs.</summary>
    public required StepPhase Phase { get; init; }
    /// <summary>Why it runs then, in words.</summary>
    public required string Reason { get; init; }
    /// <summary>Expected input rows (all inputs) of a full run.</summary>
    public required double EstimatedInputRows { get; init; }
    /// <summary>Expected output rows.</summary>
    public required double EstimatedOutputRows { get; init; }
    /// <summary>Seconds per input row, recorded or the default.</summary>
    public required double SecondsPerRow { get; init; }
    /// <summary>True when <see cref="SecondsPerRow"/> comes from recorded runs.</summary>
    public required bool CostRecorded { get; init; }
    /// <summary>Expected duration of a full run: <see cref="SecondsPerRow"/> × <see cref="EstimatedInputRows"/>.</summary>
    public required double EstimatedSeconds { get; init; }
    /// <summary>Length of the most expensive path from this step to a final output (this step included), in estimated seconds.</summary>
    public required double CriticalPathSeconds { get; init; }
    /// <summary>True when the step lies on the pipeline's critical path.</summary>
    public required bool OnCriticalPath { get; init; }
    /// <summary>Rows per batch handed to a C# step (SQL steps run as one DuckDB statement, which DuckDB parallelises itself).</summary>
    public required int BatchRows { get; init; }
    /// <summary>The current input fingerprint, when known (trigger time).</summary>
    public string? InputFingerprint { get; init; }
}
