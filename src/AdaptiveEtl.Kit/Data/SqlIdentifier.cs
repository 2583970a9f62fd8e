namespace AdaptiveEtl.Kit.Data;

/// <summary>
/// Quotes SQL identifiers (table, column, schema names) for DuckDB and PostgreSQL, which both follow the
/// SQL standard: an identifier is wrapped in double quotes and an embedded double quote is doubled.
/// Every generated SQL/DDL statement of the kit goes through this type; values are always bound as parameters.
/// </summary>
public static class SqlIdentifier
{
    /// <summary>Quotes one identifier part, e.g. <c>my "table"</c> becomes <c>"my ""table"""</c>.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains a NUL character.</exception>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException("An SQL identifier cannot be empty.", nameof(name));
        if (name.Contains('\0')) throw new ArgumentException($"An SQL identifier cannot contain a NUL character: '{name.Replace("\0", "\\0")}'.", nameof(name));
        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>Quotes a possibly schema-qualified name given as separate parts, e.g. ("main", "runs") → "main"."runs".</summary>
    public static string Quote(params string[] parts) => string.Join(".", parts.Select(Quote));

    /// <summary>
    /// Quotes a dotted, possibly qualified name as written by a user, part by part: <c>sales.orders</c> becomes
    /// <c>"sales"."orders"</c>, <c>db.main.r</c> three parts. A part that starts with a double quote is a quoted identifier
    /// (SQL standard: ends at the next single <c>"</c>, <c>""</c> stands for one) and may hold dots, e.g.
    /// <c>"my schema"."t.2025"</c>; an unquoted part runs to the next dot and is taken as written.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, has an empty part, an unterminated quote, text after a closing
    /// quote, or more than three parts (catalog.schema.table).</exception>
    public static string QuoteQualified(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Hand-written: neither DuckDB.NET nor Npgsql exposes their identifier-path parser, and no served package splits
        // SQL names (nuget.tsv checked); the grammar is the SQL standard's delimited identifier, nothing more.
        var parts = new List<string>();
        int i = 0;
        while (true)
        {
            var part = new System.Text.StringBuilder();
            if (i < name.Length && name[i] == '"')
            {
                int start = i++;
                while (true)
                {
                    if (i >= name.Length) throw new ArgumentException($"unterminated quoted identifier starting at character {start + 1} of '{name}'.", nameof(name));
                    if (name[i] == '"')
                    {
                        if (i + 1 < name.Length && name[i + 1] == '"') { part.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    part.Append(name[i++]);
                }
                if (i < name.Length && name[i] != '.') throw new ArgumentException($"unexpected text after the quoted identifier at character {i + 1} of '{name}'; expected '.' or the end.", nameof(name));
            }
            else
            {
                while (i < name.Length && name[i] != '.') part.Append(name[i++]);
            }
            if (part.Length == 0) throw new ArgumentException($"empty name part in '{name}'; expected table, schema.table or catalog.schema.table.", nameof(name));
            parts.Add(part.ToString());
            if (i >= name.Length) break;
            i++; // the dot
        }
        if (parts.Count > 3) throw new ArgumentException($"'{name}' has {parts.Count} parts; expected at most catalog.schema.table.", nameof(name));
        return Quote(parts.ToArray());
    }

    /// <summary>Quotes a string literal for the rare places where a value cannot be bound as a parameter (DDL defaults, COPY paths).</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0')) throw new ArgumentException("A SQL string literal cannot contain a NUL character.", nameof(value));
        return "'" + value.Replace("'", "''") + "'";
    }
}
