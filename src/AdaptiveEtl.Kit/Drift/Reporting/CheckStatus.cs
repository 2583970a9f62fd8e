namespace AdaptiveEtl.Kit.Drift.Reporting;

/// <summary>The outcome of one <see cref="DriftCheck"/>.</summary>
public enum CheckStatus
{
    /// <summary>The value is on the safe side of the threshold.</summary>
    Pass,

    /// <summary>The value crossed the threshold.</summary>
    Fail,

    /// <summary>The check could not be evaluated (the column could not be compared, a statistic is undefined): never a pass.</summary>
    Inconclusive,
}
