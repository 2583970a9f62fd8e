namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>Kinds of <see cref="SqlToken"/>.</summary>
internal enum SqlTokenKind { Word, QuotedIdentifier, String, Number, Symbol }

/// <summary>One token of SQL text: its kind, where it is in the text, and the parenthesis depth it sits at.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, int Depth, string Text)
{
    /// <summary>End offset (exclusive).</summary>
    public int End => Start + Length;

    /// <summary>True for an unquoted word equal (case-insensitively) to <paramref name="keyword"/>.</summary>
    public bool Is(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the symbol <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    /// <summary>The identifier this token names: unquoted words in lower case, quoted identifiers as written.</summary>
    public string Identifier => Kind == SqlTokenKind.QuotedIdentifier ? Text[1..^1].Replace("\"\"", "\"") : Text.ToLowerInvariant();
}

/// <summary>
/// A small SQL tokenizer (PostgreSQL/DuckDB lexical rules: '…' strings with '' escapes, E'…', $tag$…$tag$ dollar
/// quoting, "…" identifiers, -- and nested /* */ comments). It is only used for the statement envelope that DuckDB's
/// <c>json_serialize_sql</c> does not cover (INSERT/CTAS/VIEW/MERGE/UPDATE/DELETE) and for splitting scripts into
/// statements; SELECT bodies are parsed by DuckDB's real parser.
/// </summary>
internal static class SqlTokenizer
{
    /// <summary>Tokenizes <paramref name="sql"/>; comments and whitespace are dropped.</summary>
    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        int i = 0, depth = 0, n = sql.Length;
        while (i < n)
        {
            char c = sql[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '-' && i + 1 < n && sql[i + 1] == '-') { while (i < n && sql[i] != '\n') i++; continue; }
            if (c == '/' && i + 1 < n && sql[i + 1] == '*')
            {
                int nest = 1; i += 2;
                while (i < n && nest > 0)
                {
                    if (sql[i] == '/' && i + 1 < n && sql[i + 1] == '*') { nest++; i += 2; }
                    else if (sql[i] == '*' && i + 1 < n && sql[i + 1] == '/') { nest--; i += 2; }
                    else i++;
                }
                continue;
            }
            int start = i;
            if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && sql[i + 1] == '\''))
            {
                bool escapes = c != '\'';
                i += escapes ? 2 : 1;
                while (i < n)
                {
                    if (escapes && sql[i] == '\\') { i += 2; continue; }
                    if (sql[i] == '\'') { if (i + 1 < n && sql[i + 1] == '\'') { i += 2; continue; } i++; break; }
                    i++;
                }
                tokens.Add(new SqlToken(SqlTokenKind.String, start, Math.Min(i, n) - start, depth, sql[start..Math.Min(i, n)]));
                continue;
            }
            if (c == '"')
            {
                i++;
                while (i < n) { if (sql[i] == '"') { if (i + 1 < n && sql[i + 1] == '"') { i += 2; continue; } i++; break; } i++; }
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, start, Math.Min(i, n) - start, depth, sql[start..Math.Min(i, n)]));
                continue;
            }
            if (c == '$')
            {
                int j = i + 1;
                while (j < n && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_')) j++;
                if (j < n && sql[j] == '$' && (j == i + 1 || !char.IsDigit(sql[i + 1])))
                {
                    var tag = sql[i..(j + 1)];
                    int close = sql.IndexOf(tag, j + 1, StringComparison.Ordinal);
                    i = close < 0 ? n : close + tag.Length;
                    tokens.Add(new SqlToken(SqlTokenKind.String, start, i - start, depth, sql[start..i]));
                    continue;
                }
            }
            if (char.IsLetter(c) || c == '_')
            {
                while (i < n && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_' || sql[i] == '$')) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Word, start, i - start, depth, sql[start..i]));
                continue;
            }
            if (char.IsDigit(c) || (c == '.' && i + 1 < n && char.IsDigit(sql[i + 1])))
            {
                while (i < n && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.')) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Number, start, i - start, depth, sql[start..i]));
                continue;
            }
            if (c == '(') { tokens.Add(new SqlToken(SqlTokenKind.Symbol, i, 1, depth, "(")); depth++; i++; continue; }
            if (c == ')') { depth = Math.Max(0, depth - 1); tokens.Add(new SqlToken(SqlTokenKind.Symbol, i, 1, depth, ")")); i++; continue; }
            // Two-character operators matter only where they could be mistaken for '=' (assignments in SET lists).
            if (i + 1 < n && (sql.AsSpan(i, 2) is "<=" or ">=" or "<>" or "!=" or "::" or ":=" or "=>" or "||"))
            { tokens.Add(new SqlToken(SqlTokenKind.Symbol, i, 2, depth, sql.Substring(i, 2))); i += 2; continue; }
            tokens.Add(new SqlToken(SqlTokenKind.Symbol, i, 1, depth, c.ToString()));
            i++;
        }
        return tokens;
    }

    /// <summary>Splits a script into statements at top-level semicolons; returns each statement's text and start offset (empty ones dropped).</summary>
    public static List<(string Text, int Start)> SplitStatements(string script)
    {
        var result = new List<(string, int)>();
        int start = 0;
        foreach (var t in Tokenize(script))
        {
            if (t.Depth == 0 && t.IsSymbol(";"))
            {
                Add(start, t.Start);
                start = t.End;
            }
        }
        Add(start, script.Length);
        return result;

        void Add(int from, int to)
        {
            var text = script[from..to];
            if (Tokenize(text).Count > 0) result.Add((text.Trim(), from + (text.Length - text.TrimStart().Length)));
        }
    }
}
