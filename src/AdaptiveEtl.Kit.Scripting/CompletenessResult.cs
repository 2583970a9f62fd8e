namespace AdaptiveEtl.Kit.Scripting;

/// <summary>Whether a piece of code is a whole submission (Jupyter's <c>is_complete_request</c>).</summary>
public enum CompletenessResult
{
    /// <summary>The code parses as a whole submission.</summary>
    Complete,

    /// <summary>More input is needed (an open brace, an unfinished string…).</summary>
    Incomplete,

    /// <summary>The code is a whole submission but has syntax errors.</summary>
    Invalid,
}
