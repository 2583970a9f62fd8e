namespace AdaptiveEtl.Kit.Scripting;

/// <summary>Why a cell failed: compile errors, a runtime exception, a cancellation or a directive that could not be honoured.</summary>
/// <param name="Name">The error kind: <c>CompilationError</c>, <c>DirectiveError</c> or the exception type name.</param>
/// <param name="Message">A readable message (Roslyn diagnostics with cell-relative <c>(line,col)</c>, or the exception message).</param>
/// <param name="StackTrace">Frames with cell-relative line numbers, for example <c>at Divide in cell, line 3</c>.</param>
/// <param name="Exception">The exception, when the cell threw.</param>
public sealed record CellError(string Name, string Message, IReadOnlyList<string> StackTrace, Exception? Exception);
