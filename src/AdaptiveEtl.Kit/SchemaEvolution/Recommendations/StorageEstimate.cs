using AdaptiveEtl.Kit.SchemaEvolution.Profiling;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// Rough storage figures from column profiles: value widths (8 bytes for numbers and instants, half the longest string
/// plus a length byte for text — the profile has no mean length) and B-tree index size (PostgreSQL: 8-byte tuple header
/// + 4-byte line pointer + key, at the default leaf fill factor of 90 %).
/// </summary>
internal static class StorageEstimate
{
    public static double Width(ColumnProfile? c) => c is null ? 8 : c.IsText ? 1 + (c.MaxLength ?? 16) / 2.0 : c.DataType.ToLowerInvariant() switch
    {
        "smallint" or "int2" => 2,
        "integer" or "int" or "int4" or "real" or "float" or "float4" or "date" => 4,
        "boolean" or "bool" or "tinyint" => 1,
        _ => 8,
    };

    public static long Index(long rows, IEnumerable<ColumnProfile?> keys) => (long)Math.Ceiling(rows * (12 + keys.Sum(Width)) / 0.9);

    public static double RowWidth(TableProfile p) => p.BytesPerRow ?? 24 + p.Columns.Sum(c => Width(c));
}
