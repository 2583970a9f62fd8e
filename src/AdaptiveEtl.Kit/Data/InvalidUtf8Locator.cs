using System.Buffers;
using System.Text;

namespace AdaptiveEtl.Kit.Data;

/// <summary>
/// Finds where a file stops being valid UTF-8, as line and character an editor shows. Only called after a strict
/// decoder failed (the decoder's exception gives an offset into its internal buffer, not into the file), so the file
/// is scanned once more, in bounded chunks. Hand-written: <see cref="Rune.DecodeFromUtf8"/> does the decoding, this only counts.
/// </summary>
internal static class InvalidUtf8Locator
{
    /// <summary>One-based line and character of the first invalid sequence and its bytes (at most 4); (0, 0, []) when the file is valid.</summary>
    public static (long Line, long Character, byte[] Bytes) Find(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        int kept = 0;
        long line = 1, character = 0;
        bool first = true, end = false;
        while (!end)
        {
            int read = stream.Read(buffer, kept, buffer.Length - kept);
            end = read == 0;
            var span = buffer.AsSpan(0, kept + read);
            if (first && span.StartsWith(Encoding.UTF8.Preamble)) span = span[3..]; // BOM: not shown by editors
            first = false;
            while (span.Length > 0)
            {
                var status = Rune.DecodeFromUtf8(span, out var rune, out int consumed);
                if (status == OperationStatus.NeedMoreData && !end) break;
                if (status != OperationStatus.Done)
                    return (line, character + 1, span[..Math.Max(1, Math.Min(consumed, 4))].ToArray());
                if (rune.Value == '\n') { line++; character = 0; }
                else character++;
                span = span[consumed..];
            }
            kept = span.Length;
            span.CopyTo(buffer);
        }
        return (0, 0, []);
    }
}
