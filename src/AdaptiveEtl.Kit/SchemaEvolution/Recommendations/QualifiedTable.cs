using AdaptiveEtl.Kit.Data;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// A table name as separate parts (schema may be null), never as one dotted string, so names holding dots, quotes, spaces
/// or keywords stay exact; <see cref="Quoted"/> renders it for SQL through <see cref="SqlIdentifier"/>.
/// </summary>
/// <param name="Schema">The schema, or null for the default one.</param>
/// <param name="Name">The table name, exactly as stored (case kept).</param>
public sealed record QualifiedTable(string? Schema, string Name)
{
    /// <summary>The name quoted for DuckDB and PostgreSQL, e.g. <c>"mart"."daily sales"</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Quoted => Schema is null ? SqlIdentifier.Quote(Name) : SqlIdentifier.Quote(Schema, Name);

    /// <summary>Parses the <c>schema.table</c> form the lineage graph uses (split at the first dot; no dot: no schema).</summary>
    public static QualifiedTable Parse(string dotted)
    {
        ArgumentException.ThrowIfNullOrEmpty(dotted);
        var dot = dotted.IndexOf('.');
        return dot < 0 ? new QualifiedTable(null, dotted) : new QualifiedTable(dotted[..dot], dotted[(dot + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => Schema is null ? Name : Schema + "." + Name;
}
