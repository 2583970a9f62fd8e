namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>One measured execution of a pipeline step (a row of the step-cost store).</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="RunId">The run (one reactive run, or one run-ahead + trigger pair of a hybrid run).</param>
/// <param name="Step">Step name.</param>
/// <param name="Phase"><c>run_ahead</c>, <c>trigger</c> or <c>reactive</c>.</param>
/// <param name="Action">What was done: <c>full</c>, <c>delta</c>, <c>reused</c> or <c>skipped</c>.</param>
/// <param name="StartedAt">Start (UTC).</param>
/// <param name="DurationSeconds">Wall-clock duration.</param>
/// <param name="RowsIn">Rows read from the inputs.</param>
/// <param name="RowsOut">Rows written.</param>
/// <param name="InputFingerprint">Fingerprint of the upstream source data and definitions the output was computed from.</param>
/// <param name="Outcome"><c>succeeded</c> or <c>failed</c>.</param>
public sealed record StepRunRecord(string Pipeline, string RunId, string Step, string Phase, string Action, DateTimeOffset StartedAt,
    double DurationSeconds, long RowsIn, long RowsOut, string? InputFingerprint, string Outcome = "succeeded");
