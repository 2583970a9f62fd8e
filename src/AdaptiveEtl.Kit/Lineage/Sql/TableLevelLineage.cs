namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>
/// Table-level lineage from tokens alone, for statements DuckDB's parser rejects (PostgreSQL-only syntax such as the
/// jsonb operators <c>#&gt;&gt;</c>, <c>?</c>, <c>?|</c>, <c>@&gt;</c>, or clauses like <c>FOR UPDATE SKIP LOCKED</c>): the
/// tables named after <c>FROM</c>, <c>JOIN</c> and <c>USING</c> (comma lists, <c>LATERAL</c>, <c>ONLY</c> and aliases
/// included; CTE names, subqueries and set-returning functions such as <c>jsonb_array_elements(…)</c> excluded), plus the
/// target of UPDATE/MERGE/DELETE, which those statements read too. <c>FROM</c> inside function arguments
/// (<c>EXTRACT(year FROM ts)</c>, <c>substring(s FROM 2)</c>) and in <c>IS [NOT] DISTINCT FROM</c> is not a table.
/// </summary>
internal static class TableLevelLineage
{
    private static readonly HashSet<string> NotAnAlias = new(StringComparer.OrdinalIgnoreCase)
    {
        "where", "join", "inner", "left", "right", "full", "cross", "natural", "outer", "on", "using", "group", "order", "limit",
        "offset", "fetch", "for", "union", "intersect", "except", "window", "having", "qualify", "lateral", "returning", "set",
        "when", "then", "values", "select", "with", "into", "default", "tablesample", "do", "as",
    };

    private static readonly HashSet<string> StatementStarts = new(StringComparer.OrdinalIgnoreCase)
    { "select", "with", "values", "from", "table", "insert", "create", "update", "delete", "merge" };

    private static readonly HashSet<string> Dangling = new(StringComparer.OrdinalIgnoreCase)
    { "where", "and", "or", "not", "on", "from", "join", "by", "select", "set", "using", "when", "then", "else", "as", "in", "is", "between", "like", "values", "into", "with", "having" };

    /// <summary>
    /// True when <paramref name="sql"/> looks like a complete statement that only DuckDB's grammar refuses: it starts with
    /// a statement keyword (or a parenthesis), its parentheses balance, it does not end on an operator, comma or a keyword
    /// that needs something after it, and DuckDB did not refuse it for its depth (<paramref name="reason"/>).
    /// </summary>
    public static bool IsComplete(string sql, string reason)
    {
        if (reason.Contains("depth", StringComparison.OrdinalIgnoreCase)) return false;
        var t = SqlTokenizer.Tokenize(sql);
        if (t.Count == 0 || !(t[0].IsSymbol("(") || t[0].Kind == SqlTokenKind.Word && StatementStarts.Contains(t[0].Text))) return false;
        int open = 0;
        foreach (var token in t)
        {
            if (token.IsSymbol("(")) open++;
            else if (token.IsSymbol(")") && --open < 0) return false;
        }
        if (open != 0) return false;
        var last = t[^1];
        if (last.Kind == SqlTokenKind.Symbol && last.Text is not (")" or "]" or "*")) return false;
        if (last.Kind == SqlTokenKind.Word && Dangling.Contains(last.Text)) return false;
        // An unterminated string or quoted identifier runs to the end of the text.
        if (last.Kind == SqlTokenKind.String && (last.Text.Length < 2 || !last.Text.EndsWith('\'') && !last.Text.EndsWith('$'))) return false;
        if (last.Kind == SqlTokenKind.QuotedIdentifier && (last.Text.Length < 2 || !last.Text.EndsWith('"'))) return false;
        return true;
    }

    /// <summary>The base tables <paramref name="sql"/> reads, canonicalised through <paramref name="catalog"/> where it knows them.</summary>
    public static IReadOnlyList<string> Reads(string sql, StatementKind kind, string? target, LineageCatalog catalog)
    {
        var t = SqlTokenizer.Tokenize(sql);
        var ctes = CteNames(t);
        var reads = new List<string>();
        if (target is not null && kind is StatementKind.Update or StatementKind.Merge or StatementKind.Delete) reads.Add(target);
        for (int i = 0; i < t.Count; i++)
        {
            if (!(t[i].Is("from") || t[i].Is("join") || t[i].Is("using"))) continue;
            if (t[i].Is("from") && (InFunctionArguments(t, i) || (i >= 2 && t[i - 1].Is("distinct") && (t[i - 2].Is("is") || t[i - 2].Is("not"))))) continue;
            int j = i + 1;
            while (j < t.Count)
            {
                while (j < t.Count && (t[j].Is("lateral") || t[j].Is("only"))) j++;
                if (j >= t.Count || t[j].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) || NotAnAlias.Contains(t[j].Text) && t[j].Kind == SqlTokenKind.Word) break;
                var parts = new List<string> { t[j].Identifier };
                j++;
                while (j + 1 < t.Count && t[j].IsSymbol(".") && t[j + 1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) { parts.Add(t[j + 1].Identifier); j += 2; }
                bool function = j < t.Count && t[j].IsSymbol("(");
                var name = string.Join('.', parts);
                if (function) j = SkipParentheses(t, j);
                else if (!(parts.Count == 1 && ctes.Contains(name)))
                    reads.Add(catalog.TryGetExact(name, out var canonical, out _) ? canonical : name);
                // Alias and column aliases: [AS] alias [(c1, c2)].
                if (j < t.Count && t[j].Is("as")) j++;
                if (j < t.Count && (t[j].Kind == SqlTokenKind.QuotedIdentifier || t[j].Kind == SqlTokenKind.Word && !NotAnAlias.Contains(t[j].Text))) j++;
                if (j < t.Count && t[j].IsSymbol("(")) j = SkipParentheses(t, j);
                if (j < t.Count && t[j].IsSymbol(",")) { j++; continue; }
                break;
            }
        }
        return reads.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Names defined by <c>WITH name [(cols)] AS [NOT] [MATERIALIZED] (</c>.</summary>
    private static HashSet<string> CteNames(List<SqlToken> t)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + 2 < t.Count; i++)
        {
            if (t[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) continue;
            int j = i + 1;
            if (t[j].IsSymbol("(")) j = SkipParentheses(t, j);
            if (j >= t.Count || !t[j].Is("as")) continue;
            j++;
            while (j < t.Count && (t[j].Is("not") || t[j].Is("materialized"))) j++;
            if (j < t.Count && t[j].IsSymbol("(") && j + 1 < t.Count && (t[j + 1].Is("select") || t[j + 1].Is("with") || t[j + 1].Is("values") || t[j + 1].Is("insert") || t[j + 1].Is("update") || t[j + 1].Is("delete")))
                names.Add(t[i].Identifier);
        }
        return names;
    }

    /// <summary>True when token <paramref name="i"/> sits in a parenthesis that does not open a query (a function's arguments).</summary>
    private static bool InFunctionArguments(List<SqlToken> t, int i)
    {
        if (t[i].Depth == 0) return false;
        for (int k = i - 1; k >= 0; k--)
            if (t[k].IsSymbol("(") && t[k].Depth == t[i].Depth - 1)
                return !(k + 1 < t.Count && (t[k + 1].Is("select") || t[k + 1].Is("with") || t[k + 1].Is("values")));
        return false;
    }

    /// <summary>The index after the ')' matching the '(' at <paramref name="open"/>.</summary>
    private static int SkipParentheses(List<SqlToken> t, int open)
    {
        int depth = t[open].Depth;
        for (int k = open + 1; k < t.Count; k++) if (t[k].IsSymbol(")") && t[k].Depth == depth) return k + 1;
        return t.Count;
    }
}
