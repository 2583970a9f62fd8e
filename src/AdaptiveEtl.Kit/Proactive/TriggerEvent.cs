namespace AdaptiveEtl.Kit.Proactive;

/// <summary>A real trigger of a pipeline.</summary>
/// <param name="Pipeline">The pipeline.</param>
/// <param name="Time">When it fired (UTC).</param>
public sealed record TriggerEvent(string Pipeline, DateTimeOffset Time);
