namespace AdaptiveEtl.Kit.Drift;

/// <summary>Whether a column could be compared, and if not, why. A bad column never stops the rest of a report.</summary>
public enum DriftStatus
{
    /// <summary>The column was compared; see the statistic and verdict.</summary>
    Ok,
    /// <summary>The reference has a single distinct value; compared on category shares (the constant vs anything else).</summary>
    Constant,
    /// <summary>One side has no non-missing values (empty frame, all null or all NaN); not compared.</summary>
    Empty,
    /// <summary>The column exists in the current data only; not compared.</summary>
    MissingInReference,
    /// <summary>The column is absent from the current data; not compared.</summary>
    MissingInCurrent,
    /// <summary>The two sides hold incompatible types (e.g. numbers vs text); not compared.</summary>
    TypeMismatch,
    /// <summary>Not compared on purpose: ignored by the options, a free-text column, or a method that does not fit the column kind.</summary>
    Skipped,
    /// <summary>
    /// Reading the column's values failed (e.g. a DuckDB view whose cast fails on some row, or a value that cannot be
    /// converted); not compared, the message carries the error.
    /// </summary>
    Unreadable,
    /// <summary>Both sides have values, but too few for the chosen method (e.g. Anderson–Darling needs 4 values in all); not compared.</summary>
    InsufficientData,
}
