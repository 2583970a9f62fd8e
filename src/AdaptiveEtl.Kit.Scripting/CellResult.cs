namespace AdaptiveEtl.Kit.Scripting;

/// <summary>The outcome of one <see cref="ScriptSession.ExecuteAsync"/> call.</summary>
/// <param name="Succeeded">False when the cell did not compile, threw, or was cancelled.</param>
/// <param name="ReturnValue">The value of a trailing expression (or of <c>return x;</c> in script mode).</param>
/// <param name="HasReturnValue">True when the cell ended with an expression without <c>;</c> (or returned a value).</param>
/// <param name="FormattedReturnValue">The return value formatted with <see cref="ValueFormatter"/>, when there is one.</param>
/// <param name="Error">What went wrong, when <paramref name="Succeeded"/> is false.</param>
/// <param name="Elapsed">Wall-clock time of the cell, including package restore and compilation.</param>
public sealed record CellResult(bool Succeeded, object? ReturnValue, bool HasReturnValue, FormattedValue? FormattedReturnValue, CellError? Error, TimeSpan Elapsed);
