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

    /// <summary>Quotes a string literal for the rare places where a value cannot be bound as a parameter (DDL defaults, COPY paths).</summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0')) throw new ArgumentException("A SQL string literal cannot contain a NUL character.", nameof(value));
        return "'" + value.Replace("'", "''") + "'";
    }
}
