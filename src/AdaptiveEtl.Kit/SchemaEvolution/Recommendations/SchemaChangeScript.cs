namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// The DDL of one <see cref="SchemaRecommendation"/> for one engine: statements that apply it, undo it (run in order after
/// a complete <see cref="Apply"/> to get the store back as it was), refresh it (materialised views, pre-joined tables)
/// and finalize it (drop the kept original once the change is accepted). Identifiers are quoted with
/// <see cref="Data.SqlIdentifier"/>; the only literals are values the kit generated (partition bounds, type names).
/// </summary>
/// <param name="Recommendation">The recommendation rendered.</param>
/// <param name="Engine">The engine it was rendered for.</param>
/// <param name="Apply">Statements applying the change, in order; run them in one transaction.</param>
/// <param name="Undo">Statements undoing a completed <see cref="Apply"/>, in order.</param>
/// <param name="Refresh">Statements bringing a materialised view / pre-joined table up to date (empty for other kinds).</param>
/// <param name="Finalize">Statements that drop what <see cref="Undo"/> needs (the kept original table) once the change is accepted.</param>
/// <param name="Note">An engine-specific remark a person should read (e.g. what DuckDB does instead of partitioning), or null.</param>
public sealed record SchemaChangeScript(SchemaRecommendation Recommendation, SqlEngine Engine, IReadOnlyList<string> Apply, IReadOnlyList<string> Undo,
    IReadOnlyList<string> Refresh, IReadOnlyList<string> Finalize, string? Note)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"-- {Recommendation.Kind} {Recommendation.Table} ({Engine}){(Note is null ? "" : "\n-- " + Note)}\n" + string.Join(";\n", Apply) + ";";
}
