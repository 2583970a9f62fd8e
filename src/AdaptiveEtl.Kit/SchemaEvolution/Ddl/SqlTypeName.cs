using System.Text.RegularExpressions;

namespace AdaptiveEtl.Kit.SchemaEvolution.Ddl;

/// <summary>
/// Checks a column type name taken from a recommendation before it goes into DDL. A type is not an identifier (it cannot
/// be quoted) nor a value (it cannot be bound), so it is accepted only in the plain shape SQL types have: words, an
/// optional (precision[, scale]) and an optional [] — e.g. <c>INTEGER</c>, <c>character varying(24)</c>, <c>NUMERIC(12, 2)</c>.
/// </summary>
internal static partial class SqlTypeName
{
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*( [A-Za-z_][A-Za-z0-9_]*){0,3}( ?\( ?\d{1,5} ?(, ?\d{1,5} ?)?\))?(\[\])?$")]
    private static partial Regex Shape();

    /// <summary>Returns the trimmed type name, or throws naming the option and what was expected.</summary>
    public static string Validate(string? type, string option, string recommendationId)
    {
        var t = type?.Trim();
        if (string.IsNullOrEmpty(t) || t.Length > 80 || !Shape().IsMatch(t))
            throw new KitDataException($"option '{option}' must be an SQL type name such as INTEGER or VARCHAR(24); got '{type}'.", "recommendation " + recommendationId);
        return t;
    }
}
