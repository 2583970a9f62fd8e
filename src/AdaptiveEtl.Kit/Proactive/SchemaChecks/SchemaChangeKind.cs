namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>The kind of one schema change between the expected and the arriving data.</summary>
public enum SchemaChangeKind
{
    /// <summary>A column that was not expected.</summary>
    Added,
    /// <summary>An expected column that is missing.</summary>
    Removed,
    /// <summary>An expected column that arrives under another name (similar name, same type family, overlapping values).</summary>
    Renamed,
    /// <summary>A column whose type became wider without loss (INTEGER → BIGINT, BIGINT → DOUBLE, FLOAT → DOUBLE, DATE → TIMESTAMP).</summary>
    Widened,
    /// <summary>A column whose arriving type is narrower than expected, so its values fit the expected type (arriving BIGINT where DOUBLE is staged), or whose arriving values are all NULL.</summary>
    Narrowed,
    /// <summary>A column whose type changed family or lost range (BIGINT → VARCHAR, DOUBLE → BOOLEAN, VARCHAR → BIGINT).</summary>
    Retyped,
}
