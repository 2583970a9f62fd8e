namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>A statement that could not be turned into lineage; it was skipped and the rest of the log still processed.</summary>
/// <param name="Index">Zero-based statement index in the log or script.</param>
/// <param name="Excerpt">The start of the statement text (at most 120 characters, whitespace collapsed).</param>
/// <param name="Position">Character offset of the error within the statement, when the parser reports one.</param>
/// <param name="Reason">Why it was skipped (parser message or unsupported statement type).</param>
public sealed record SqlParseFailure(int Index, string Excerpt, int? Position, string Reason)
{
    internal static string MakeExcerpt(string sql)
    {
        var collapsed = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= 120 ? collapsed : collapsed[..117] + "...";
    }
}
