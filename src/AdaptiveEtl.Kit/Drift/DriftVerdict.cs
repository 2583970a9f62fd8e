namespace AdaptiveEtl.Kit.Drift;

/// <summary>The dataset-level answer of a <see cref="DriftReport"/>.</summary>
public enum DriftVerdict
{
    /// <summary>Every column that should be compared was compared, and too few drifted.</summary>
    NoDrift,
    /// <summary>At least the dataset share of the compared columns drifted (columns that could not be compared are listed too).</summary>
    Drift,
    /// <summary>
    /// No drift among the columns compared, but at least one column could not be compared (empty batch, all missing on both
    /// sides, type changed, column lost or new) or no column was compared at all: the data may have drifted where it could
    /// not be read, so this is never "no drift".
    /// </summary>
    Inconclusive,
}
