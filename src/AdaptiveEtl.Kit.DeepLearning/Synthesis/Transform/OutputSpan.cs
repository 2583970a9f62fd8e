namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Transform;

/// <summary>A contiguous block of the transformed row vector belonging to one source column.</summary>
/// <param name="Column">Source column name.</param>
/// <param name="Start">First position in the row vector.</param>
/// <param name="Length">Number of positions (1 for tanh).</param>
/// <param name="Activation">Output activation.</param>
/// <param name="Role">"offset", "mode", "category" or "null".</param>
public sealed record OutputSpan(string Column, int Start, int Length, SpanActivation Activation, string Role);
