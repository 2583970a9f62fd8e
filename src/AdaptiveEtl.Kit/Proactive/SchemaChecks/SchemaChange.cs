namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>One schema change found by <see cref="SchemaChecker"/>.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Column">The column as expected (for <see cref="SchemaChangeKind.Added"/>: the new column).</param>
/// <param name="Origin">Where the change was seen (file or table name).</param>
/// <param name="ExpectedType">Expected storage type (null for an added column).</param>
/// <param name="ArrivingType">Arriving storage type (null for a removed column).</param>
/// <param name="Compatible">Whether the staging can adapt to it without losing or misreading data.</param>
/// <param name="Description">What changed, in words, with evidence (e.g. sample values that do not fit).</param>
/// <param name="Decision">For compatible changes, what the staging does about it (the logged decision); otherwise what the user can do.</param>
/// <param name="NewName">For <see cref="SchemaChangeKind.Renamed"/>, the arriving name.</param>
public sealed record SchemaChange(SchemaChangeKind Kind, string Column, string Origin, string? ExpectedType, string? ArrivingType,
    bool Compatible, string Description, string Decision, string? NewName = null)
{
    /// <inheritdoc />
    public override string ToString() => $"{Origin}: column '{Column}' {Kind.ToString().ToLowerInvariant()}{(NewName is null ? "" : $" to '{NewName}'")}" +
        $" ({(Compatible ? "compatible" : "INCOMPATIBLE")}): {Description} → {Decision}";
}
