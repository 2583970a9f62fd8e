namespace AdaptiveEtl.Kit.Drift;

/// <summary>
/// A slice of one column whose share of rows changed between the reference and the current data: a category, or a
/// numeric bin [<see cref="Lower"/>, <see cref="Upper"/>). The drift monitor reports these; the synthesis capability
/// fills the slices that lost mass.
/// </summary>
/// <param name="Column">Column name.</param>
/// <param name="Category">The category label for categorical/boolean columns; null for a numeric bin.</param>
/// <param name="Lower">Inclusive lower edge of a numeric bin (null for categories; -∞ for the first bin).</param>
/// <param name="Upper">Exclusive upper edge of a numeric bin (null for categories; +∞ for the last bin).</param>
/// <param name="ReferenceShare">Share of reference rows in the slice, in [0, 1].</param>
/// <param name="CurrentShare">Share of current rows in the slice, in [0, 1].</param>
public sealed record DriftSlice(string Column, string? Category, double? Lower, double? Upper, double ReferenceShare, double CurrentShare)
{
    /// <summary>Current minus reference share: negative when the slice lost mass (under-represented now).</summary>
    public double ShareChange => CurrentShare - ReferenceShare;

    /// <summary>True when the slice is under-represented in the current data.</summary>
    public bool IsUnderRepresented => CurrentShare < ReferenceShare;

    /// <inheritdoc />
    public override string ToString() =>
        Category is not null
            ? $"{Column} = '{Category}': {ReferenceShare:P1} → {CurrentShare:P1}"
            : $"{Column} in [{Lower}, {Upper}): {ReferenceShare:P1} → {CurrentShare:P1}";
}
