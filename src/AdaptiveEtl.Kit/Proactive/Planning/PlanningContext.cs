using AdaptiveEtl.Kit.Triggers;

namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>
/// What the planner knows about the data: rows already staged per source, the rows still expected before the trigger,
/// which sources are complete, and — at trigger time — the current input fingerprints, the outputs that exist and the
/// steps that ran ahead.
/// </summary>
public sealed record PlanningContext
{
    /// <summary>Rows already staged (pre-fetched) per source table; missing sources count as 0.</summary>
    public IReadOnlyDictionary<string, long> StagedRows { get; init; } = new Dictionary<string, long>();

    /// <summary>Rows still expected until the trigger, over all sources that are not complete (shared in proportion to their staged rows).</summary>
    public double PredictedRemainingRows { get; init; }

    /// <summary>Sources that receive no more rows before the trigger (reference tables, or a source whose window closed); holistic steps over them can run ahead.</summary>
    public IReadOnlySet<string> CompleteSources { get; init; } = new HashSet<string>();

    /// <summary>At trigger time: the current input fingerprint per step (see <c>PipelineFingerprints</c>); null before the trigger.</summary>
    public IReadOnlyDictionary<string, string>? InputFingerprints { get; init; }

    /// <summary>At trigger time: the output tables that exist in the target schema (a step is skipped only when its output exists).</summary>
    public IReadOnlySet<string>? ExistingOutputs { get; init; }

    /// <summary>
    /// At trigger time: the input fingerprint each existing output was published with (executors keep it in the work
    /// schema, written in the same transaction as the table). When null, the last fingerprint recorded in the cost store is used.
    /// </summary>
    public IReadOnlyDictionary<string, string>? PublishedFingerprints { get; init; }

    /// <summary>At trigger time: the steps that ran ahead; null before the trigger (then the planner decides which may).</summary>
    public IReadOnlySet<string>? RanAhead { get; init; }

    /// <summary>
    /// A context from a trigger prediction: the predicted rows of the next run (<see cref="TriggerPrediction.Rows"/> point)
    /// minus what is already staged, clipped at 0.
    /// </summary>
    /// <param name="prediction">The prediction of the next trigger.</param>
    /// <param name="stagedRows">Rows staged per source.</param>
    /// <param name="completeSources">Sources that receive no more rows.</param>
    public static PlanningContext FromPrediction(TriggerPrediction prediction, IReadOnlyDictionary<string, long> stagedRows, IEnumerable<string>? completeSources = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(stagedRows);
        return new PlanningContext
        {
            StagedRows = stagedRows,
            PredictedRemainingRows = Math.Max(0, prediction.Rows.Point - stagedRows.Values.Sum()),
            CompleteSources = new HashSet<string>(completeSources ?? [], StringComparer.Ordinal),
        };
    }
}
