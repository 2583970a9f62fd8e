using System.Security.Cryptography;
using System.Text;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>Stable recommendation ids: the kind's short name and 10 hex digits of the SHA-256 of kind, table, columns and key options.</summary>
internal static class RecommendationIds
{
    public static string For(RecommendationKind kind, QualifiedTable table, IEnumerable<string> columns, string extra = "")
    {
        var key = string.Join("\u001f", new[] { kind.ToString(), table.Schema ?? "", table.Name }.Concat(columns).Append(extra));
        var prefix = kind switch
        {
            RecommendationKind.Index => "ix",
            RecommendationKind.Partitioning => "part",
            RecommendationKind.Clustering => "clus",
            RecommendationKind.MaterializedView => "mv",
            RecommendationKind.PreJoinedTable => "pj",
            RecommendationKind.NarrowType => "narrow",
            RecommendationKind.WidenType => "widen",
            _ => "skew",
        };
        return prefix + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..10];
    }
}
