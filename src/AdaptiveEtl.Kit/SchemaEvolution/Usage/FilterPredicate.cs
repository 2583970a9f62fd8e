using System.Globalization;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>
/// A predicate <c>[qualifier.]column op literal(s)</c> found in SQL text. Literal values are numbers, or instants
/// (typed <c>DATE</c>/<c>TIMESTAMP</c> literals and ISO-formatted strings) in seconds since 1970-01-01 UTC, or null
/// for other strings. <see cref="Operator"/> is the SQL operator (<c>=</c>, <c>&lt;</c>, <c>between</c>, <c>in</c>…).
/// </summary>
internal sealed record FilterPredicate(string? Qualifier, string Column, PredicateKind Kind, string Operator, IReadOnlyList<double?> Values)
{
    private static readonly HashSet<string> Comparison = ["=", "<", ">", "<=", ">=", "<>", "!="];
    private static readonly HashSet<string> Continuation = ["+", "-", "*", "/", "||", "::", "%", "."];

    /// <summary>Finds the literal predicates in <paramref name="sql"/> (any nesting depth). Hand-written on the kit's tokenizer:
    /// DuckDB's parser tree would give them too, but literals vs. columns in arbitrary expressions need the same pattern match.</summary>
    public static IReadOnlyList<FilterPredicate> Extract(string sql)
    {
        var t = SqlTokenizer.Tokenize(sql);
        var result = new List<FilterPredicate>();
        for (int i = 0; i < t.Count; i++)
        {
            if (t[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) || IsKeyword(t[i])) continue;
            if (i + 1 < t.Count && t[i + 1].IsSymbol(".")) continue; // a qualifier, the column comes later
            string column = t[i].Identifier;
            string? qualifier = i >= 2 && t[i - 1].IsSymbol(".") ? t[i - 2].Identifier : null;
            int start = qualifier is null ? i : i - 2;
            if (start > 0 && Continuation.Contains(t[start - 1].Text) && t[start - 1].Kind == SqlTokenKind.Symbol) continue; // part of an expression
            int j = i + 1;
            if (j >= t.Count) break;
            if (t[j].Kind == SqlTokenKind.Symbol && Comparison.Contains(t[j].Text))
            {
                int k = j + 1;
                if (!Literal(t, ref k, out var v) || !Ends(t, k)) continue;
                var op = t[j].Text == "!=" ? "<>" : t[j].Text;
                var kind = op switch { "=" => PredicateKind.Equality, "<>" => PredicateKind.NotEqual, _ => PredicateKind.Range };
                result.Add(new FilterPredicate(qualifier, column, kind, op, [v]));
            }
            else if (t[j].Is("between"))
            {
                int k = j + 1;
                if (!Literal(t, ref k, out var lo) || k >= t.Count || !t[k].Is("and")) continue;
                k++;
                if (!Literal(t, ref k, out var hi) || !Ends(t, k)) continue;
                result.Add(new FilterPredicate(qualifier, column, PredicateKind.Range, "between", [lo, hi]));
            }
            else if (t[j].Is("in") && j + 1 < t.Count && t[j + 1].IsSymbol("("))
            {
                int k = j + 2;
                var values = new List<double?>();
                bool ok = true;
                while (true)
                {
                    if (!Literal(t, ref k, out var v)) { ok = false; break; }
                    values.Add(v);
                    if (k < t.Count && t[k].IsSymbol(",")) { k++; continue; }
                    ok = k < t.Count && t[k].IsSymbol(")");
                    break;
                }
                if (ok && values.Count > 0) result.Add(new FilterPredicate(qualifier, column, PredicateKind.InList, "in", values));
            }
        }
        return result;
    }

    private static bool IsKeyword(SqlToken t) =>
        t.Kind == SqlTokenKind.Word && t.Text.ToLowerInvariant() is "and" or "or" or "not" or "where" or "on" or "having" or "select" or "date"
            or "timestamp" or "interval" or "case" or "when" or "then" or "else" or "end" or "null" or "true" or "false" or "is";

    // After a literal the predicate must end: no arithmetic that would make the operand an expression.
    private static bool Ends(List<SqlToken> t, int k) =>
        k >= t.Count || !(t[k].Kind == SqlTokenKind.Symbol && Continuation.Contains(t[k].Text));

    private static bool Literal(List<SqlToken> t, ref int k, out double? value)
    {
        value = null;
        if (k >= t.Count) return false;
        bool negative = false;
        if (t[k].IsSymbol("-") && k + 1 < t.Count && t[k + 1].Kind == SqlTokenKind.Number) { negative = true; k++; }
        var tok = t[k];
        if (tok.Kind == SqlTokenKind.Number)
        {
            value = double.TryParse(tok.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (negative ? -d : d) : null;
            k++;
            return true;
        }
        if (tok.Kind == SqlTokenKind.Word && tok.Text.ToLowerInvariant() is "date" or "timestamp" or "timestamptz" && k + 1 < t.Count && t[k + 1].Kind == SqlTokenKind.String)
        {
            value = Instant(Unquote(t[k + 1].Text));
            k += 2;
            return true;
        }
        if (tok.Kind == SqlTokenKind.String)
        {
            value = Instant(Unquote(tok.Text));
            k++;
            return true;
        }
        return false;
    }

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '\'' ? s[1..^1].Replace("''", "'") : s;

    /// <summary>Seconds since the epoch for an ISO date/timestamp string, otherwise null.</summary>
    internal static double? Instant(string s) =>
        s.Length >= 8 && char.IsDigit(s[0]) && s.Contains('-') &&
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToUnixTimeMilliseconds() / 1000.0 : null;
}
