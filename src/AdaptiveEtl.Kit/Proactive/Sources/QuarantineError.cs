namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>One problem found in a quarantined file.</summary>
/// <param name="Line">One-based line number in the file, when known.</param>
/// <param name="Column">Column name (or one-based position when the header is unreadable), when known.</param>
/// <param name="Problem">What is wrong and what was expected.</param>
public sealed record QuarantineError(long? Line, string? Column, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{(Line is null ? "" : $"line {Line}, ")}{(Column is null ? "" : $"column '{Column}': ")}{Problem}";
}
