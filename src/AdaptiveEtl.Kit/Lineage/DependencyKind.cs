namespace AdaptiveEtl.Kit.Lineage;

/// <summary>
/// How an output column depends on a source column. The first four are <em>value</em> dependencies (the source's values
/// flow into the output); the others are <em>indirect</em> (the source decides which rows or groups exist).
/// The value kinds are ordered: a chain is as strong as its strongest hop (a copy of an aggregate is an aggregation).
/// </summary>
public enum DependencyKind
{
    /// <summary>The output is the source column itself (possibly renamed), through every hop.</summary>
    DirectCopy = 0,
    /// <summary>The output is computed from the source by an expression, cast, function or CASE.</summary>
    Transformation = 1,
    /// <summary>A window function (OVER) computes the output from the source.</summary>
    Window = 2,
    /// <summary>An aggregate function (SUM, COUNT, …) computes the output from the source.</summary>
    Aggregation = 3,
    /// <summary>Indirect: the source appears in WHERE, HAVING or QUALIFY.</summary>
    Filter = 10,
    /// <summary>Indirect: the source is a join key (JOIN … ON / USING, MERGE … ON).</summary>
    JoinKey = 11,
    /// <summary>Indirect: the source is a GROUP BY or DISTINCT ON key.</summary>
    GroupKey = 12,
    /// <summary>Indirect: the source orders rows that a LIMIT/OFFSET then picks.</summary>
    Sort = 13,
    /// <summary>Indirect: the source is a projected column of an INTERSECT or EXCEPT input.</summary>
    SetOperation = 14,
}

/// <summary>Helpers for <see cref="DependencyKind"/>.</summary>
public static class DependencyKindExtensions
{
    /// <summary>True for the value kinds (<see cref="DependencyKind.DirectCopy"/> … <see cref="DependencyKind.Aggregation"/>).</summary>
    public static bool IsValue(this DependencyKind kind) => kind <= DependencyKind.Aggregation;
}
