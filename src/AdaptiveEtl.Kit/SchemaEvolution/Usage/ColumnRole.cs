namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>The role a column plays in a query, from the lineage parser's dependency kinds.</summary>
public enum ColumnRole
{
    /// <summary>Its values are returned or written (projection, aggregate input, window argument).</summary>
    Projection,
    /// <summary>WHERE, HAVING or QUALIFY.</summary>
    Filter,
    /// <summary>JOIN … ON / USING or MERGE … ON.</summary>
    Join,
    /// <summary>GROUP BY or DISTINCT ON.</summary>
    Group,
    /// <summary>ORDER BY under LIMIT/OFFSET.</summary>
    Order,
}
