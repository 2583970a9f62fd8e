using System.Text;
using AdaptiveEtl.Kit.Data;

namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>One SELECT that DuckDB can serialize, cut out of (or synthesized from) a statement.</summary>
/// <param name="SelectSql">The SELECT text.</param>
/// <param name="Offset">Where <paramref name="SelectSql"/> starts in the statement when it is a verbatim slice; -1 when synthesized.</param>
/// <param name="TargetColumns">Target column per SELECT output (by position), or null to use the catalog / output names.</param>
/// <param name="RowFilterOnly">Only the rows it selects matter (DELETE, MERGE … THEN DELETE): contributes to the statement's row filter.</param>
/// <param name="ByName">Target columns are the SELECT's output names (MERGE … INSERT * / UPDATE *), not positions.</param>
internal sealed record EnvelopePart(string SelectSql, int Offset, IReadOnlyList<string>? TargetColumns, bool RowFilterOnly = false, bool ByName = false);

/// <summary>
/// The statement-level envelope around SELECT bodies. DuckDB's <c>json_serialize_sql</c> only serializes SELECT
/// statements, so this small tokenizer-based recogniser handles <c>INSERT INTO t (cols) …</c>, <c>CREATE [OR REPLACE]
/// TABLE/VIEW x AS …</c>, <c>MERGE INTO … USING … ON … WHEN …</c>, <c>UPDATE t SET … FROM … WHERE</c> and <c>DELETE FROM t
/// USING … WHERE</c>, and rewrites their expression parts into SELECTs DuckDB can parse (e.g. <c>UPDATE t SET a = s.x FROM s
/// WHERE …</c> becomes <c>SELECT s.x AS "a" FROM t, s WHERE …</c>). Everything inside the SELECTs is parsed by DuckDB.
/// </summary>
internal sealed record StatementEnvelope(StatementKind Kind, string? Target, IReadOnlyList<EnvelopePart> Parts)
{
    private static readonly HashSet<string> ClauseWords = new(StringComparer.OrdinalIgnoreCase)
    { "set", "using", "where", "on", "from", "when", "returning", "as", "select", "values", "with", "default", "by", "overriding", "table" };

    private static readonly HashSet<string> NoDataFlow = new(StringComparer.OrdinalIgnoreCase)
    {
        "analyze", "vacuum", "set", "reset", "begin", "commit", "rollback", "start", "end", "abort", "savepoint", "release", "drop", "truncate",
        "alter", "grant", "revoke", "copy", "show", "describe", "summarize", "explain", "pragma", "attach", "detach", "use", "call", "checkpoint",
        "comment", "install", "load", "export", "import", "prepare", "execute", "deallocate", "listen", "notify", "unlisten", "lock", "refresh",
        "cluster", "reindex", "discard", "do",
    };

    /// <summary>Recognises the statement; throws <see cref="NotSupportedException"/> with a reason for statements without data flow.</summary>
    public static StatementEnvelope Recognise(string sql)
    {
        var tokens = SqlTokenizer.Tokenize(sql);
        if (tokens.Count == 0) throw new NotSupportedException("empty statement");
        var first = tokens[0];
        if (first.Is("with"))
        {
            int k = tokens.FindIndex(1, t => t.Depth == 0 && (t.Is("insert") || t.Is("update") || t.Is("delete") || t.Is("merge")));
            if (k < 0) return Select(sql);
            var prefix = sql[..tokens[k].Start];
            var inner = Recognise(sql[tokens[k].Start..]);
            return inner with { Parts = inner.Parts.Select(p => p with { SelectSql = prefix + p.SelectSql, Offset = -1 }).ToList() };
        }
        if (first.Is("select") || first.Is("values") || first.Is("from") || first.IsSymbol("(")) return Select(sql);
        if (first.Is("insert")) return Insert(sql, tokens);
        if (first.Is("create")) return Create(sql, tokens);
        if (first.Is("update")) return Update(sql, tokens);
        if (first.Is("delete")) return Delete(sql, tokens);
        if (first.Is("merge")) return Merge(sql, tokens);
        if (NoDataFlow.Contains(first.Text)) throw new NotSupportedException($"{first.Text.ToUpperInvariant()} statements carry no column lineage");
        // Anything else goes to DuckDB's parser, which reports the syntax error and its position.
        return Select(sql);
    }

    private static StatementEnvelope Select(string sql) => new(StatementKind.Select, null, new[] { new EnvelopePart(sql, 0, null) });

    private static StatementEnvelope Insert(string sql, List<SqlToken> t)
    {
        int i = 1;
        while (i < t.Count && !t[i].Is("into")) i++;
        if (i >= t.Count) throw new FormatException("INSERT without INTO");
        i++;
        var target = ReadName(t, ref i);
        if (i < t.Count && t[i].Is("as")) i += 2;
        var cols = ReadColumnList(t, ref i);
        while (i < t.Count && (t[i].Is("overriding") || t[i].Is("system") || t[i].Is("user") || t[i].Is("value"))) i++;
        if (i >= t.Count) throw new FormatException("INSERT without a query");
        if (t[i].Is("default")) throw new NotSupportedException("INSERT … DEFAULT VALUES carries no column lineage");
        if (t[i].Is("by") || t[i].Is("name")) throw new NotSupportedException("INSERT … BY NAME is not supported");
        int end = EndOfInsertQuery(t, i);
        return new(StatementKind.Insert, target, new[] { new EnvelopePart(sql[t[i].Start..end], t[i].Start, cols) });
    }

    private static StatementEnvelope Create(string sql, List<SqlToken> t)
    {
        int i = 1;
        while (i < t.Count && !t[i].Is("table") && !t[i].Is("view"))
        {
            if (!(t[i].Is("or") || t[i].Is("replace") || t[i].Is("temp") || t[i].Is("temporary") || t[i].Is("unlogged") || t[i].Is("global") || t[i].Is("local") || t[i].Is("materialized") || t[i].Is("recursive")))
                throw new NotSupportedException($"CREATE {t[i].Text.ToUpperInvariant()} carries no column lineage");
            i++;
        }
        if (i >= t.Count) throw new FormatException("CREATE without TABLE or VIEW");
        bool view = t[i].Is("view");
        i++;
        if (i + 2 < t.Count && t[i].Is("if") && t[i + 1].Is("not") && t[i + 2].Is("exists")) i += 3;
        var target = ReadName(t, ref i);
        var cols = ReadColumnList(t, ref i);
        while (i < t.Count && !(t[i].Is("as") && t[i].Depth == 0)) i++;
        if (i >= t.Count) throw new NotSupportedException("CREATE TABLE without AS (plain DDL) carries no column lineage");
        i++;
        int end = sql.Length;
        // Trailing WITH [NO] DATA of CREATE TABLE AS.
        for (int k = t.Count - 1; k > i; k--)
            if (t[k].Depth == 0 && t[k].Is("with") && k + 1 < t.Count && (t[k + 1].Is("data") || t[k + 1].Is("no"))) { end = t[k].Start; break; }
        return new(view ? StatementKind.CreateView : StatementKind.CreateTableAs, target, new[] { new EnvelopePart(sql[t[i].Start..end], t[i].Start, cols) });
    }

    private static StatementEnvelope Update(string sql, List<SqlToken> t)
    {
        int i = 1;
        if (i < t.Count && t[i].Is("only")) i++;
        int nameStart = t[i].Start;
        var target = ReadName(t, ref i);
        ReadAlias(t, ref i);
        var targetText = sql[nameStart..t[i - 1].End];
        if (i >= t.Count || !t[i].Is("set")) throw new FormatException("UPDATE without SET");
        i++;
        int setEnd = Find(t, i, "from", "where", "returning");
        var assignments = Assignments(sql, t, i, setEnd);
        string fromList = "", where = "";
        int k = setEnd;
        if (k < t.Count && t[k].Is("from")) { int e = Find(t, k + 1, "where", "returning"); fromList = ", " + Slice(sql, t, k + 1, e); k = e; }
        if (k < t.Count && t[k].Is("where")) { int e = Find(t, k + 1, "returning"); where = " WHERE " + Slice(sql, t, k + 1, e); }
        var select = "SELECT " + string.Join(", ", assignments.Select(a => a.Expr + " AS " + SqlIdentifier.Quote(a.Column))) + " FROM " + targetText + fromList + where;
        return new(StatementKind.Update, target, new[] { new EnvelopePart(select, -1, assignments.Select(a => a.Column).ToList()) });
    }

    private static StatementEnvelope Delete(string sql, List<SqlToken> t)
    {
        int i = 1;
        if (i < t.Count && t[i].Is("from")) i++;
        if (i < t.Count && t[i].Is("only")) i++;
        int nameStart = t[i].Start;
        var target = ReadName(t, ref i);
        ReadAlias(t, ref i);
        var targetText = sql[nameStart..t[i - 1].End];
        string usingList = "", where = "";
        int k = i;
        if (k < t.Count && t[k].Is("using")) { int e = Find(t, k + 1, "where", "returning"); usingList = ", " + Slice(sql, t, k + 1, e); k = e; }
        if (k < t.Count && t[k].Is("where")) { int e = Find(t, k + 1, "returning"); where = " WHERE " + Slice(sql, t, k + 1, e); }
        return new(StatementKind.Delete, target, new[] { new EnvelopePart("SELECT 1 FROM " + targetText + usingList + where, -1, Array.Empty<string>(), RowFilterOnly: true) });
    }

    private static StatementEnvelope Merge(string sql, List<SqlToken> t)
    {
        int i = 1;
        if (i < t.Count && t[i].Is("into")) i++;
        int nameStart = t[i].Start;
        var target = ReadName(t, ref i);
        ReadAlias(t, ref i);
        var targetText = sql[nameStart..t[i - 1].End];
        if (i >= t.Count || !t[i].Is("using")) throw new FormatException("MERGE without USING");
        int on = Find(t, i + 1, "on");
        var source = Slice(sql, t, i + 1, on);
        int firstWhen = Find(t, on + 1, "when");
        var condition = Slice(sql, t, on + 1, firstWhen);
        var parts = new List<EnvelopePart>();
        var from = " FROM " + targetText + " JOIN " + source + " ON " + condition;
        int w = firstWhen;
        while (w < t.Count)
        {
            int next = Find(t, w + 1, "when");
            int then = Find(t, w + 1, "then");
            if (then >= next) throw new FormatException("WHEN clause without THEN");
            int and = Find(t, w + 1, "and");
            var extra = and < then ? " WHERE " + Slice(sql, t, and + 1, then) : "";
            int a = then + 1;
            if (a < next && t[a].Is("update") && a + 1 < next && t[a + 1].Is("set"))
            {
                if (a + 2 < next && t[a + 2].IsSymbol("*")) parts.Add(new EnvelopePart("SELECT " + SourceStar(source) + from + extra, -1, null, ByName: true));
                else
                {
                    var assigns = Assignments(sql, t, a + 2, next);
                    parts.Add(new EnvelopePart("SELECT " + string.Join(", ", assigns.Select(x => x.Expr + " AS " + SqlIdentifier.Quote(x.Column))) + from + extra, -1, assigns.Select(x => x.Column).ToList()));
                }
            }
            else if (a < next && t[a].Is("insert"))
            {
                int b = a + 1;
                var cols = ReadColumnList(t, ref b);
                if (b < next && t[b].IsSymbol("*")) parts.Add(new EnvelopePart("SELECT " + SourceStar(source) + from + extra, -1, null, ByName: true));
                else if (b < next && t[b].Is("values"))
                {
                    int open = b + 1, close = MatchingParen(t, open);
                    var exprs = SplitTopLevel(sql, t, open + 1, close);
                    parts.Add(new EnvelopePart("SELECT " + string.Join(", ", exprs) + from + extra, -1, cols));
                }
            }
            else if (a < next && t[a].Is("delete")) parts.Add(new EnvelopePart("SELECT 1" + from + extra, -1, Array.Empty<string>(), RowFilterOnly: true));
            w = next;
        }
        return new(StatementKind.Merge, target, parts);
    }

    private static string SourceStar(string sourceText)
    {
        // The alias of the USING source is its last identifier (MERGE … USING src AS s / USING (SELECT …) s).
        var st = SqlTokenizer.Tokenize(sourceText);
        var last = st.LastOrDefault(x => x.Depth == 0 && (x.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier));
        return last.Text is null ? "*" : SqlIdentifier.Quote(last.Identifier) + ".*";
    }

    // ---- token helpers -----------------------------------------------------------------------------------------

    /// <summary>Reads a possibly qualified name at depth 0 (<c>schema.table</c>, quoted parts kept as written).</summary>
    private static string ReadName(List<SqlToken> t, ref int i)
    {
        if (i >= t.Count || t[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) throw new FormatException("expected a table name");
        var sb = new StringBuilder(t[i].Identifier);
        i++;
        while (i + 1 < t.Count && t[i].IsSymbol(".") && t[i + 1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            sb.Append('.').Append(t[i + 1].Identifier);
            i += 2;
        }
        return sb.ToString();
    }

    private static string? ReadAlias(List<SqlToken> t, ref int i)
    {
        if (i < t.Count && t[i].Is("as")) { i++; return t[i++].Identifier; }
        if (i < t.Count && (t[i].Kind == SqlTokenKind.QuotedIdentifier || (t[i].Kind == SqlTokenKind.Word && !ClauseWords.Contains(t[i].Text)))) return t[i++].Identifier;
        return null;
    }

    private static List<string>? ReadColumnList(List<SqlToken> t, ref int i)
    {
        if (i >= t.Count || !t[i].IsSymbol("(")) return null;
        // "(SELECT …)" / "(WITH …)" is a query, not a column list.
        if (i + 1 < t.Count && (t[i + 1].Is("select") || t[i + 1].Is("with") || t[i + 1].Is("values"))) return null;
        int close = MatchingParen(t, i);
        var cols = t.GetRange(i + 1, close - i - 1).Where(x => x.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier).Select(x => x.Identifier).ToList();
        i = close + 1;
        return cols;
    }

    private static int MatchingParen(List<SqlToken> t, int open)
    {
        int depth = t[open].Depth;
        for (int k = open + 1; k < t.Count; k++) if (t[k].IsSymbol(")") && t[k].Depth == depth) return k;
        throw new FormatException("unbalanced parentheses");
    }

    /// <summary>Index of the first depth-0 token among the keywords at or after <paramref name="from"/>, or the token count.</summary>
    private static int Find(List<SqlToken> t, int from, params string[] keywords)
    {
        int depth = from < t.Count ? t[from].Depth : 0;
        for (int k = from; k < t.Count; k++)
            if (t[k].Depth <= depth && t[k].Kind == SqlTokenKind.Word && keywords.Any(t[k].Is)) return k;
        return t.Count;
    }

    /// <summary>End of an INSERT's query: the first depth-0 <c>ON CONFLICT</c> or <c>RETURNING</c> (a join's <c>ON</c> is not an end).</summary>
    private static int EndOfInsertQuery(List<SqlToken> t, int from)
    {
        int depth = from < t.Count ? t[from].Depth : 0;
        for (int k = from; k < t.Count; k++)
        {
            if (t[k].Depth > depth || t[k].Kind != SqlTokenKind.Word) continue;
            if (t[k].Is("returning") || (t[k].Is("on") && k + 1 < t.Count && t[k + 1].Is("conflict"))) return t[k].Start;
        }
        return t[^1].End;
    }

    private static string Slice(string sql, List<SqlToken> t, int from, int to) =>
        from >= to ? "" : sql[t[from].Start..t[to - 1].End];

    private static List<string> SplitTopLevel(string sql, List<SqlToken> t, int from, int to)
    {
        var result = new List<string>();
        int depth = from < t.Count ? t[from].Depth : 0, start = from;
        for (int k = from; k <= to; k++)
        {
            if (k == to || (t[k].IsSymbol(",") && t[k].Depth == depth))
            {
                if (k > start) result.Add(Slice(sql, t, start, k));
                start = k + 1;
            }
        }
        return result;
    }

    /// <summary>SET assignments: <c>col = expr</c> and <c>(c1, c2) = (e1, e2)</c>.</summary>
    private static List<(string Column, string Expr)> Assignments(string sql, List<SqlToken> t, int from, int to)
    {
        var result = new List<(string, string)>();
        int depth = from < t.Count ? t[from].Depth : 0, start = from;
        for (int k = from; k <= to; k++)
        {
            if (k != to && !(t[k].IsSymbol(",") && t[k].Depth == depth)) continue;
            int eq = -1;
            for (int j = start; j < k; j++) if (t[j].IsSymbol("=") && t[j].Depth == depth) { eq = j; break; }
            if (eq < 0) throw new FormatException("SET item without '='");
            if (t[start].IsSymbol("("))
            {
                var cols = t.GetRange(start + 1, eq - start - 2).Where(x => x.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier).Select(x => x.Identifier).ToList();
                bool subquery = eq + 2 < k && t[eq + 1].IsSymbol("(") && t[eq + 2].Is("select");
                var exprs = t[eq + 1].IsSymbol("(") && !subquery ? SplitTopLevel(sql, t, eq + 2, k - 1) : new List<string>();
                for (int c = 0; c < cols.Count; c++) result.Add((cols[c], c < exprs.Count ? exprs[c] : Slice(sql, t, eq + 1, k)));
            }
            else
            {
                var column = t[eq - 1].Identifier;
                result.Add((column, Slice(sql, t, eq + 1, k)));
            }
            start = k + 1;
        }
        return result;
    }
}
