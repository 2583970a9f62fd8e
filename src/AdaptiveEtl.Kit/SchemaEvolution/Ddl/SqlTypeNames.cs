namespace AdaptiveEtl.Kit.SchemaEvolution.Ddl;

/// <summary>Compares type names as the engines spell them (<c>VARCHAR(24)</c> = <c>character varying(24)</c>, <c>int4</c> = <c>INTEGER</c>).</summary>
internal static class SqlTypeNames
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["varchar"] = "character varying", ["char"] = "character", ["bpchar"] = "character",
        ["int"] = "integer", ["int4"] = "integer", ["int8"] = "bigint", ["int2"] = "smallint",
        ["bool"] = "boolean", ["float8"] = "double precision", ["double"] = "double precision", ["float4"] = "real", ["float"] = "double precision",
        ["decimal"] = "numeric", ["timestamptz"] = "timestamp with time zone", ["timestamp"] = "timestamp without time zone",
        ["string"] = "character varying", ["text"] = "text",
    };

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> name the same type.</summary>
    public static bool Same(string a, string b) => Normalize(a) == Normalize(b);

    private static string Normalize(string type)
    {
        var t = string.Join(' ', type.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Replace(" (", "(").Replace(", ", ",");
        int paren = t.IndexOf('(');
        var head = paren < 0 ? t : t[..paren];
        var tail = paren < 0 ? "" : t[paren..];
        return (Aliases.TryGetValue(head, out var canon) ? canon : head) + tail;
    }
}
