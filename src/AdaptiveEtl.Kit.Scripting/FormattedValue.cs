namespace AdaptiveEtl.Kit.Scripting;

/// <summary>A value rendered for display: mime type → content. Always has <c>text/plain</c>.</summary>
/// <param name="Data">The mime bundle (for example <c>text/plain</c> and <c>text/html</c>).</param>
public sealed record FormattedValue(IReadOnlyDictionary<string, string> Data)
{
    /// <summary>The <c>text/plain</c> rendering.</summary>
    public string PlainText => Data.TryGetValue(ValueFormatter.PlainTextMimeType, out var s) ? s : "";
}
