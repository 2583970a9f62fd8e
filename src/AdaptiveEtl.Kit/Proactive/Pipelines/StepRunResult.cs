using System.Globalization;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>The measured execution of one step in one phase.</summary>
/// <param name="Step">Step name.</param>
/// <param name="Phase"><c>run_ahead</c>, <c>trigger</c> or <c>reactive</c>.</param>
/// <param name="Action">What was done.</param>
/// <param name="RowsIn">Rows read from the inputs.</param>
/// <param name="RowsOut">Rows in the written table (for <see cref="StepAction.Delta"/>: the whole published output).</param>
/// <param name="StartedAt">Start (UTC).</param>
/// <param name="Duration">Wall-clock duration.</param>
public sealed record StepRunResult(string Step, string Phase, StepAction Action, long RowsIn, long RowsOut, DateTimeOffset StartedAt, TimeSpan Duration)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Step} [{Phase}] {Action}: {RowsIn:N0} rows in, {RowsOut:N0} out, {Duration.TotalMilliseconds:F1} ms");
}
