using AdaptiveEtl.Kit.Data;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>A table (or view) in a DuckDB database: schema and name, quoted whenever it is written into SQL.</summary>
/// <param name="Schema">Schema, <c>main</c> by default.</param>
/// <param name="Name">Table name.</param>
public sealed record TableName(string Schema, string Name)
{
    /// <summary>A table in the <c>main</c> schema.</summary>
    public TableName(string name) : this("main", name) { }

    /// <summary>The quoted, schema-qualified name for SQL text.</summary>
    public string Quoted => SqlIdentifier.Quote(Schema, Name);

    /// <summary>A table in the <c>main</c> schema.</summary>
    public static implicit operator TableName(string name) => new(name);

    /// <inheritdoc />
    public override string ToString() => Schema + "." + Name;
}
