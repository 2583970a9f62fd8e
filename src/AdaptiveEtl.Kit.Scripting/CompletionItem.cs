namespace AdaptiveEtl.Kit.Scripting;

/// <summary>One completion proposal.</summary>
/// <param name="DisplayText">What a front end lists.</param>
/// <param name="InsertText">What replaces the word at the cursor.</param>
/// <param name="Kind">Roslyn's kind tag: <c>Method</c>, <c>Property</c>, <c>Local</c>, <c>Class</c>, …</param>
public sealed record CompletionItem(string DisplayText, string InsertText, string Kind);
