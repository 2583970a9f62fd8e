namespace AdaptiveEtl.Kit.Proactive.Planning;

/// <summary>A step's cost learnt from its recorded runs (<see cref="IStepCostStore"/>).</summary>
/// <param name="Step">Step name.</param>
/// <param name="Runs">Recorded runs the figures come from.</param>
/// <param name="SecondsPerRow">Σ duration / Σ input rows over those runs.</param>
/// <param name="Selectivity">Σ output rows / Σ input rows (1 when no input rows were recorded).</param>
/// <param name="LastInputFingerprint">The input fingerprint of the latest successful run (null when none), for unchanged-input skipping.</param>
public sealed record StepCost(string Step, int Runs, double SecondsPerRow, double Selectivity, string? LastInputFingerprint = null);
