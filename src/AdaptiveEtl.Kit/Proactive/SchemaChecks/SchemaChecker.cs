namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>
/// Compares arriving data with the expected schema before a run: added, removed, renamed (name similarity, type family
/// and value overlap) and retyped (widening vs narrowing) columns, each classified compatible or not.
/// </summary>
public static class SchemaChecker
{
    /// <summary>Compares <paramref name="arriving"/> with <paramref name="expected"/>.</summary>
    public static SchemaCheckReport Compare(SchemaSnapshot expected, SchemaSnapshot arriving, SchemaCheckOptions? options = null) => throw new NotImplementedException();
}
