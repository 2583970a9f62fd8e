namespace AdaptiveEtl.Kit.Scripting;

/// <summary>The symbol under the cursor.</summary>
/// <param name="Signature">The symbol's C# signature.</param>
/// <param name="Documentation">The XML doc <c>&lt;summary&gt;</c> text, when available.</param>
public sealed record InspectionResult(string Signature, string? Documentation);
