namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>What a <see cref="SchemaRecommendation"/> changes in the data store.</summary>
public enum RecommendationKind
{
    /// <summary>A B-tree index on one or more columns (column order in <see cref="SchemaRecommendation.Columns"/>).</summary>
    Index,
    /// <summary>Declarative partitioning of a table (PostgreSQL) by <see cref="SchemaRecommendation.Columns"/>; option <c>method</c>: <c>range</c>, <c>list</c> or <c>hash</c>.</summary>
    Partitioning,
    /// <summary>Physical ordering of a table by <see cref="SchemaRecommendation.Columns"/> so zone maps prune (DuckDB), or <c>CLUSTER</c> (PostgreSQL).</summary>
    Clustering,
    /// <summary>A materialised view (option <c>sql</c>: its definition; option <c>refresh_after</c>: comma-separated upstream tables from lineage).</summary>
    MaterializedView,
    /// <summary>A pre-joined table maintained by the ETL (same options as <see cref="MaterializedView"/>).</summary>
    PreJoinedTable,
    /// <summary>A narrower column type (options <c>from_type</c>, <c>to_type</c>).</summary>
    NarrowType,
    /// <summary>A wider column type, before an overflow that the trend predicts (options <c>from_type</c>, <c>to_type</c>, <c>overflow_eta</c>).</summary>
    WidenType,
    /// <summary>A fix for a skewed partition/cluster/join key (option <c>strategy</c>: <c>hash</c>, <c>composite</c> or <c>salting</c>).</summary>
    SkewMitigation,
}
