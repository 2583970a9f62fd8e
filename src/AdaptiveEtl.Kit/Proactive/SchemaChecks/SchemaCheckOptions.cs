namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>Thresholds and policy of <see cref="SchemaChecker"/>.</summary>
public sealed record SchemaCheckOptions
{
    /// <summary>Defaults: renames need name similarity ≥ 0.5 or value overlap ≥ 0.5 with a compatible type; removals and narrowings are incompatible.</summary>
    public static SchemaCheckOptions Default { get; } = new();

    /// <summary>Minimum name similarity (1 − normalised Levenshtein distance, case-insensitive) for a removed/added pair to be a rename candidate.</summary>
    public double RenameNameSimilarity { get; init; } = 0.5;

    /// <summary>Minimum overlap (Jaccard of the sampled distinct values) for a removed/added pair to be a rename candidate.</summary>
    public double RenameValueOverlap { get; init; } = 0.5;

    /// <summary>Whether a removed column is compatible (filled with NULL in the staging); default false.</summary>
    public bool AllowRemovedColumns { get; init; }

    /// <summary>Whether a renamed column is compatible (mapped back to its expected name); default false.</summary>
    public bool AllowRenames { get; init; }
}
