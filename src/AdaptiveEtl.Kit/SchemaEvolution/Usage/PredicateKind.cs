namespace AdaptiveEtl.Kit.SchemaEvolution.Usage;

/// <summary>The shape of a filter predicate on one column with literal operands (what decides index column order).</summary>
public enum PredicateKind
{
    /// <summary><c>col = literal</c>.</summary>
    Equality,
    /// <summary><c>col IN (literal, …)</c>.</summary>
    InList,
    /// <summary><c>col &lt; literal</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c>, or <c>BETWEEN literal AND literal</c>.</summary>
    Range,
    /// <summary><c>col &lt;&gt; literal</c>.</summary>
    NotEqual,
}
