namespace AdaptiveEtl.Kit.Drift.Statistics;

/// <summary>One bin (numeric interval or category) of a Population Stability Index computation.</summary>
/// <param name="Label">Readable label: the category, or the interval such as <c>[1.5, 3)</c>.</param>
/// <param name="Lower">Inclusive lower edge (−∞ for the first bin); null for a category.</param>
/// <param name="Upper">Exclusive upper edge (+∞ for the last bin); null for a category.</param>
/// <param name="ReferenceCount">Reference values in the bin.</param>
/// <param name="CurrentCount">Current values in the bin.</param>
/// <param name="ReferenceShare">Reference share in [0, 1] (before the epsilon is added).</param>
/// <param name="CurrentShare">Current share in [0, 1] (before the epsilon is added).</param>
/// <param name="Contribution">This bin's term (c − r)·ln(c / r) of the index, with the epsilon applied.</param>
public sealed record PsiBin(string Label, double? Lower, double? Upper, long ReferenceCount, long CurrentCount,
    double ReferenceShare, double CurrentShare, double Contribution);
