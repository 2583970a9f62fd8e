using System.Text;

namespace AdaptiveEtl.Kit.Kernel.Messaging;

/// <summary>
/// Cursor positions in the Jupyter protocol (5.2+) count Unicode code points, while .NET strings index UTF-16 code
/// units; these convert between the two so that emoji or other astral characters before the cursor do not shift it.
/// </summary>
internal static class CursorPosition
{
    /// <summary>The UTF-16 index of code point <paramref name="codePointOffset"/> in <paramref name="text"/> (clamped to its length).</summary>
    public static int ToUtf16Index(string text, int codePointOffset)
    {
        var index = 0;
        for (var cp = 0; cp < codePointOffset && index < text.Length; cp++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>The code point offset of UTF-16 index <paramref name="utf16Index"/> in <paramref name="text"/>.</summary>
    public static int ToCodePointOffset(string text, int utf16Index)
    {
        var span = text.AsSpan(0, Math.Clamp(utf16Index, 0, text.Length));
        var count = 0;
        foreach (var _ in span.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>The UTF-16 index where the identifier that ends at <paramref name="utf16Index"/> starts (the text a completion replaces).</summary>
    public static int IdentifierStart(string text, int utf16Index)
    {
        var start = Math.Clamp(utf16Index, 0, text.Length);
        while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '_')) start--;
        return start;
    }
}
