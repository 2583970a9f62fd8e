using System.Security.Cryptography;
using System.Text;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>
/// Normalised SQL fingerprints that group executions of the same query shape into one query family: literals become
/// <c>?</c> (strings, numbers, typed literals such as <c>DATE '2025-01-01'</c>, negative numbers), <c>IN (…)</c> lists
/// of literals collapse to <c>in (?)</c>, unquoted words are lower-cased, comments and extra whitespace vanish; quoted
/// identifiers are kept exactly.
/// </summary>
public static class SqlFingerprint
{
    private static readonly HashSet<string> TypedLiteralWords = new(StringComparer.OrdinalIgnoreCase) { "date", "timestamp", "timestamptz", "time", "interval" };

    /// <summary>The normalised text, e.g. <c>select * from t where a = ? and b in (?)</c>.</summary>
    public static string Normalize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = SqlTokenizer.Tokenize(sql);
        var parts = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case SqlTokenKind.String or SqlTokenKind.Number:
                    parts.Add("?");
                    break;
                case SqlTokenKind.Word when TypedLiteralWords.Contains(t.Text) && i + 1 < tokens.Count && tokens[i + 1].Kind == SqlTokenKind.String:
                    parts.Add("?");
                    i++;
                    break;
                case SqlTokenKind.Symbol when t.Text == "-" && i + 1 < tokens.Count && tokens[i + 1].Kind == SqlTokenKind.Number && IsOperandStart(parts):
                    parts.Add("?");
                    i++;
                    break;
                case SqlTokenKind.Word:
                    parts.Add(t.Text.ToLowerInvariant());
                    break;
                default:
                    parts.Add(t.Text);
                    break;
            }
            // IN (?, ?, …) → in (?)
            if (parts.Count >= 4 && parts[^1] == ")" && CollapseInList(parts)) continue;
        }
        return Join(parts);
    }

    /// <summary>A short stable id of the query family: the first 16 hex digits of the SHA-256 of <see cref="Normalize"/>.</summary>
    public static string Of(string sql) => IdOf(Normalize(sql));

    /// <summary>The id of an already normalised text (or of any family key, e.g. an access-log read).</summary>
    public static string IdOf(string normalized) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)))[..16];

    // A '-' is a sign (not a subtraction) when nothing or an operator/opening precedes it.
    private static bool IsOperandStart(List<string> parts) =>
        parts.Count == 0 || parts[^1] is "(" or "," or "=" or "<" or ">" or "<=" or ">=" or "<>" or "!=" or "+" or "-" or "*" or "/"
            or "and" or "or" or "between" or "select" or "then" or "else" or "when" or "in" or "values";

    private static bool CollapseInList(List<string> parts)
    {
        int close = parts.Count - 1, j = close - 1;
        bool expectValue = true;
        int values = 0;
        while (j >= 0)
        {
            if (expectValue && parts[j] == "?") { values++; expectValue = false; j--; continue; }
            if (!expectValue && parts[j] == ",") { expectValue = true; j--; continue; }
            break;
        }
        if (values == 0 || expectValue || j < 1 || parts[j] != "(" || parts[j - 1] != "in") return false;
        parts.RemoveRange(j + 1, close - j - 1);
        parts.Insert(j + 1, "?");
        return true;
    }

    private static string Join(List<string> parts)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            bool glue = i == 0 || p is ")" or "," or "." or "::" || parts[i - 1] is "(" or "." or "::";
            if (!glue) sb.Append(' ');
            sb.Append(p);
        }
        return sb.ToString();
    }
}
