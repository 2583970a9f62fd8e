namespace AdaptiveEtl.Kit.SchemaEvolution.Ddl;

/// <summary>
/// Checks that the definition of a materialised view (option <c>sql</c>) is ONE query (SELECT/WITH/VALUES/TABLE) and
/// nothing else, so a recommendation cannot smuggle a second statement (<c>SELECT 1; DROP TABLE t</c>) into the DDL.
/// Hand-written: no SQL parser in the core's packages gives statement boundaries for both dialects; the scanner only has
/// to skip string literals, quoted identifiers, dollar quotes and comments to find a top-level semicolon.
/// </summary>
internal static class SelectStatementGuard
{
    /// <summary>Returns the query without a trailing semicolon, or throws naming the recommendation.</summary>
    public static string Validate(string? sql, string recommendationId)
    {
        var where = "recommendation " + recommendationId;
        if (string.IsNullOrWhiteSpace(sql)) throw new KitDataException("option 'sql' (the view's query) is missing.", where);
        var s = sql.Trim();
        while (s.EndsWith(';')) s = s[..^1].TrimEnd();
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\'' || c == '"') i = SkipQuoted(s, i, c, where);
            else if (c == '-' && i + 1 < s.Length && s[i + 1] == '-') { i = s.IndexOf('\n', i); if (i < 0) i = s.Length; }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw new KitDataException("option 'sql' has an unterminated /* comment.", where);
                i = end + 1;
            }
            else if (c == '$')
            {
                int close = s.IndexOf('$', i + 1);
                if (close > i && s.AsSpan(i + 1, close - i - 1).ToString().All(ch => char.IsLetterOrDigit(ch) || ch == '_'))
                {
                    var tag = s[i..(close + 1)];
                    int end = s.IndexOf(tag, close + 1, StringComparison.Ordinal);
                    if (end < 0) throw new KitDataException("option 'sql' has an unterminated dollar-quoted string.", where);
                    i = end + tag.Length - 1;
                }
            }
            else if (c == ';') throw new KitDataException("option 'sql' must be one query; it holds more than one statement.", where);
        }
        var first = new string(s.TrimStart('(', ' ', '\t', '\r', '\n').TakeWhile(char.IsLetter).ToArray()).ToUpperInvariant();
        if (first is not ("SELECT" or "WITH" or "VALUES" or "TABLE"))
            throw new KitDataException($"option 'sql' must be a query starting with SELECT or WITH; it starts with '{first}'.", where);
        return s;
    }

    private static int SkipQuoted(string s, int start, char quote, string where)
    {
        for (int i = start + 1; i < s.Length; i++)
        {
            if (s[i] != quote) continue;
            if (i + 1 < s.Length && s[i + 1] == quote) { i++; continue; }
            return i;
        }
        throw new KitDataException($"option 'sql' has an unterminated {(quote == '\'' ? "string literal" : "quoted identifier")}.", where);
    }
}
