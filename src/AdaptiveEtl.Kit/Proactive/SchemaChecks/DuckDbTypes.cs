using System.Globalization;
using System.Text.RegularExpressions;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>
/// DuckDB type names: their logical kind, and whether one type widens into another without loss. Hand-written: DuckDB
/// has implicit casts for all of these, but "implicit" is not "lossless" (BIGINT → VARCHAR is implicit too), and the
/// schema check needs exactly the lossless direction.
/// </summary>
internal static partial class DuckDbTypes
{
    private static readonly Dictionary<string, (int Rank, bool Unsigned)> Integers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TINYINT"] = (1, false), ["SMALLINT"] = (2, false), ["INTEGER"] = (3, false), ["BIGINT"] = (4, false), ["HUGEINT"] = (5, false),
        ["UTINYINT"] = (1, true), ["USMALLINT"] = (2, true), ["UINTEGER"] = (3, true), ["UBIGINT"] = (4, true), ["UHUGEINT"] = (5, true),
        ["INT1"] = (1, false), ["INT2"] = (2, false), ["INT4"] = (3, false), ["INT8"] = (4, false), ["INT"] = (3, false), ["LONG"] = (4, false), ["SHORT"] = (2, false),
    };

    private static readonly int[] IntegerDigits = [0, 3, 5, 10, 19, 39];

    /// <summary>Upper-cased, whitespace-normalised type name.</summary>
    public static string Normalize(string type) => Spaces().Replace(type.Trim().ToUpperInvariant(), " ");

    /// <summary>The logical kind of a DuckDB type.</summary>
    public static ColumnKind KindOf(string type)
    {
        var t = Normalize(type);
        if (Integers.ContainsKey(t)) return ColumnKind.Integer;
        if (t is "DOUBLE" or "FLOAT" or "REAL" or "FLOAT4" or "FLOAT8" || t.StartsWith("DECIMAL", StringComparison.Ordinal) || t.StartsWith("NUMERIC", StringComparison.Ordinal)) return ColumnKind.Continuous;
        if (t is "BOOLEAN" or "BOOL") return ColumnKind.Boolean;
        if (t == "DATE" || t.StartsWith("TIMESTAMP", StringComparison.Ordinal) || t == "DATETIME") return ColumnKind.DateTime;
        return ColumnKind.Text;
    }

    /// <summary>The DuckDB type a declared kind is stored as.</summary>
    public static string StorageTypeOf(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => "BIGINT",
        ColumnKind.Continuous => "DOUBLE",
        ColumnKind.Boolean => "BOOLEAN",
        ColumnKind.DateTime => "TIMESTAMP",
        _ => "VARCHAR",
    };

    /// <summary>Whether every value of <paramref name="from"/> is exactly representable in <paramref name="to"/> (and the types differ).</summary>
    public static bool Widens(string from, string to)
    {
        string f = Normalize(from), t = Normalize(to);
        if (f == t) return false;
        if (Integers.TryGetValue(f, out var fi))
        {
            if (Integers.TryGetValue(t, out var ti))
                return fi.Unsigned == ti.Unsigned ? ti.Rank > fi.Rank : fi.Unsigned && !ti.Unsigned && ti.Rank > fi.Rank;
            if (t is "DOUBLE" or "FLOAT8") return true; // the usual numeric promotion (DuckDB, Spark, BigQuery); integers up to 2^53 stay exact
            if (t is "FLOAT" or "REAL" or "FLOAT4") return fi.Rank <= 2;
            if (Decimal(t) is { } d) return d.Precision - d.Scale >= IntegerDigits[fi.Rank];
            return false;
        }
        if (f is "FLOAT" or "REAL" or "FLOAT4") return t is "DOUBLE" or "FLOAT8";
        if (Decimal(f) is { } fd)
        {
            if (t is "DOUBLE" or "FLOAT8") return true;
            return Decimal(t) is { } td && td.Scale >= fd.Scale && td.Precision - td.Scale >= fd.Precision - fd.Scale;
        }
        if (f == "DATE") return t is "TIMESTAMP" or "DATETIME" or "TIMESTAMP WITH TIME ZONE" or "TIMESTAMPTZ";
        if (f is "TIMESTAMP_S" or "TIMESTAMP_MS") return t is "TIMESTAMP" or "TIMESTAMP_NS" || (f == "TIMESTAMP_S" && t == "TIMESTAMP_MS");
        if (f == "TIMESTAMP") return t == "TIMESTAMP_NS";
        return false;
    }

    /// <summary>Whether the types are in the same family (numbers, temporal, text, boolean) so a value can be compared across them.</summary>
    public static bool SameFamily(string a, string b)
    {
        var ka = KindOf(a);
        var kb = KindOf(b);
        static int Family(ColumnKind k) => k switch { ColumnKind.Integer or ColumnKind.Continuous => 0, ColumnKind.DateTime => 1, ColumnKind.Boolean => 2, _ => 3 };
        return Family(ka) == Family(kb);
    }

    /// <summary>Whether a sampled text value parses as a value of the type (numbers and booleans; other types: true).</summary>
    public static bool Parses(string value, string type)
    {
        var k = KindOf(type);
        return k switch
        {
            ColumnKind.Integer => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) || BigIntegerLike(value),
            ColumnKind.Continuous => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            ColumnKind.Boolean => value.ToLowerInvariant() is "true" or "false" or "t" or "f" or "1" or "0",
            ColumnKind.DateTime => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            _ => true,
        };
    }

    private static bool BigIntegerLike(string v) => v.Length > 0 && v.TrimStart('-').All(char.IsAsciiDigit);

    private static (int Precision, int Scale)? Decimal(string t)
    {
        var m = DecimalType().Match(t);
        if (!m.Success) return null;
        if (!m.Groups[1].Success) return (18, 3); // DuckDB's default DECIMAL width and scale
        int p = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        int s = m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return (p, s);
    }

    [GeneratedRegex(@"^(?:DECIMAL|NUMERIC)(?:\((\d+)(?:,\s*(\d+))?\))?$")]
    private static partial Regex DecimalType();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
