namespace AdaptiveEtl.Kit.Schema;

/// <summary>The logical kind of a column, which decides how drift tests, generators and advisors treat it.</summary>
public enum ColumnKind
{
    /// <summary>Real-valued numbers.</summary>
    Continuous,
    /// <summary>Whole numbers (counts, ages, identifiers that are numbers).</summary>
    Integer,
    /// <summary>A small set of labels.</summary>
    Categorical,
    /// <summary>True/false.</summary>
    Boolean,
    /// <summary>Dates and timestamps.</summary>
    DateTime,
    /// <summary>Free text or high-cardinality strings (names, e-mails); not modelled as a category.</summary>
    Text,
}
