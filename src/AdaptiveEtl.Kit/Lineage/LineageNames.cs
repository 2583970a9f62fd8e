using System.Text;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Lineage;

/// <summary>
/// How lineage names dataset and column identifiers, following PostgreSQL's rule: an unquoted identifier folds to lower
/// case (<c>USERS</c> and <c>users</c> are one table), a quoted one keeps its exact case (<c>"Users"</c> is another
/// table; <c>"users"</c> is <c>users</c>). Names kept in lineage ids, catalogs and OpenLineage events are the folded
/// (exact) names; this class turns written names into them and back.
/// </summary>
public static class LineageNames
{
    /// <summary>
    /// The exact name of a written, possibly qualified name: each dot-separated part folds to lower case unless it is
    /// double-quoted, in which case its text is kept as written (doubled quotes undone). <c>public."Users"</c> →
    /// <c>public.Users</c>; <c>Staging.ORDERS</c> → <c>staging.orders</c>; <c>"Order ID"</c> → <c>Order ID</c>.
    /// </summary>
    /// <param name="written">The name as written (in SQL, a catalog file, a command line).</param>
    public static string Fold(string written)
    {
        ArgumentNullException.ThrowIfNull(written);
        if (!written.Contains('"')) return written.ToLowerInvariant();
        var sb = new StringBuilder(written.Length);
        int i = 0;
        while (i < written.Length)
        {
            if (written[i] != '"') { sb.Append(char.ToLowerInvariant(written[i])); i++; continue; }
            i++;
            while (i < written.Length)
            {
                if (written[i] == '"')
                {
                    if (i + 1 < written.Length && written[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                    i++;
                    break;
                }
                sb.Append(written[i]);
                i++;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The exact name of one written name part (a column): the text between double quotes when it is wrapped in them
    /// (doubled quotes undone), otherwise the text in lower case. Unlike <see cref="Fold"/> it never splits at dots or
    /// reads quotes inside the name (<c>a.b</c> stays one column).
    /// </summary>
    public static string FoldPart(string written)
    {
        ArgumentNullException.ThrowIfNull(written);
        return written.Length >= 2 && written[0] == '"' && written[^1] == '"' ? written[1..^1].Replace("\"\"", "\"") : written.ToLowerInvariant();
    }

    /// <summary>
    /// True when an exact name part must be written quoted to read back as itself: it has an upper-case letter, a dot,
    /// a double quote, or is empty. Lower-case names (also ones with spaces) are written as they are, so every id of an
    /// unquoted name stays what it was before quoted names kept their case.
    /// </summary>
    public static bool NeedsQuotes(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.Length == 0) return true;
        foreach (var c in part) if (c is '.' or '"' || char.IsUpper(c)) return true;
        return false;
    }

    /// <summary>An exact name part written so that <see cref="Fold"/> gives it back: quoted only when <see cref="NeedsQuotes"/>.</summary>
    public static string Write(string part) => NeedsQuotes(part) ? "\"" + part.Replace("\"", "\"\"") + "\"" : part;

    /// <summary>
    /// An exact, possibly schema-qualified table name (parts joined by dots) written so that <see cref="Fold"/> gives it
    /// back: <c>public.Users</c> → <c>public."Users"</c>; all-lower-case names are unchanged.
    /// </summary>
    public static string WriteQualified(string qualified)
    {
        ArgumentNullException.ThrowIfNull(qualified);
        foreach (var c in qualified) if (char.IsUpper(c) || c == '"') return string.Join('.', qualified.Split('.').Select(Write));
        return qualified;
    }

    /// <summary>
    /// SQL text with every unquoted word in lower case and everything else (quoted identifiers, strings, comments,
    /// whitespace) untouched, at the same character offsets. DuckDB's parser keeps the case names are written in and
    /// does not say which were quoted; after this the names in its parse tree are exactly the folded names.
    /// </summary>
    internal static string FoldUnquotedWords(string sql)
    {
        char[]? chars = null;
        foreach (var t in SqlTokenizer.Tokenize(sql))
        {
            if (t.Kind != SqlTokenKind.Word) continue;
            for (int i = t.Start; i < t.End; i++)
            {
                char c = sql[i], lower = char.ToLowerInvariant(c);
                if (c == lower) continue;
                chars ??= sql.ToCharArray();
                chars[i] = lower;
            }
        }
        return chars is null ? sql : new string(chars);
    }
}
