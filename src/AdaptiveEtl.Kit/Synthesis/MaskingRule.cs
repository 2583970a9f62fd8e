namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>The masking of one column.</summary>
/// <param name="Method">What to do.</param>
/// <param name="BinWidth">For <see cref="MaskingMethod.Generalize"/> of numbers: bin width (default: a tenth of the range, rounded to a power of ten times 1, 2 or 5).</param>
/// <param name="PrefixLength">For <see cref="MaskingMethod.Generalize"/> of strings: characters kept (default 1).</param>
public sealed record MaskingRule(MaskingMethod Method, double? BinWidth = null, int? PrefixLength = null);
