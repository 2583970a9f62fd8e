namespace AdaptiveEtl.Kit.Triggers;

/// <summary>What <see cref="TriggerPredictor.Observe"/> learnt from an actual trigger.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="ActualTrigger">When the trigger actually fired.</param>
/// <param name="Levels">Per level: whether the issued window covered it, the updated working miscoverage α and the running coverage.</param>
public sealed record TriggerObservation(string Pipeline, DateTimeOffset ActualTrigger, IReadOnlyList<(double Level, bool Covered, double Alpha, double EmpiricalCoverage)> Levels);
