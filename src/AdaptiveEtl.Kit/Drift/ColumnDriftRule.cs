namespace AdaptiveEtl.Kit.Drift;

/// <summary>A per-column override in <see cref="DriftOptions"/>.</summary>
/// <param name="Method">The method to use instead of the automatic choice.</param>
/// <param name="Threshold">The method's threshold (p-value for tests, distance for distances); null for the method's default.</param>
/// <param name="Ignore">True to leave the column out of the comparison (reported as <see cref="DriftStatus.Skipped"/>).</param>
/// <param name="Weight">Weight of the column in the dataset drift signal (default 1).</param>
public sealed record ColumnDriftRule(DriftMethod Method = DriftMethod.Auto, double? Threshold = null, bool Ignore = false, double Weight = 1.0);
