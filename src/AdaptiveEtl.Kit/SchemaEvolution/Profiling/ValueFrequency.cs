namespace AdaptiveEtl.Kit.SchemaEvolution.Profiling;

/// <summary>How many rows hold one value of a column (null values have <see cref="Value"/> null).</summary>
/// <param name="Value">The value as text, or null.</param>
/// <param name="Count">Rows holding it.</param>
public sealed record ValueFrequency(string? Value, long Count);
