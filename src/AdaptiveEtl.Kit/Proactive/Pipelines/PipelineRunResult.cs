using System.Globalization;
using System.Text;
using AdaptiveEtl.Kit.Proactive.Planning;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>The outcome of a pipeline run: the plan it followed and what each step did.</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="RunId">Run identifier (keys the recorded step costs).</param>
/// <param name="Mode"><c>hybrid</c> or <c>reactive</c>.</param>
/// <param name="Plan">The plan of the trigger-time phase (the phase whose duration is trigger → data ready).</param>
/// <param name="Steps">Executed steps (run ahead and trigger phase), in completion order.</param>
/// <param name="TriggerDuration">Wall-clock time of the trigger-time phase: from the call until every output was published.</param>
public sealed record PipelineRunResult(string Pipeline, string RunId, string Mode, ExecutionPlan Plan, IReadOnlyList<StepRunResult> Steps, TimeSpan TriggerDuration)
{
    /// <summary>The trigger-time result of a step.</summary>
    public StepRunResult AtTrigger(string step) =>
        Steps.LastOrDefault(s => s.Step == step && s.Phase != "run_ahead") ?? throw new ArgumentException($"step '{step}' has no trigger-time result.", nameof(step));

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Mode} run {RunId} of {Pipeline}: trigger phase {TriggerDuration.TotalMilliseconds:F1} ms");
        foreach (var s in Steps) sb.Append("\n  ").Append(s);
        return sb.ToString();
    }
}
