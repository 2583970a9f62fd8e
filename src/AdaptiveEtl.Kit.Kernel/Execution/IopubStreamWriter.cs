using System.Text;

namespace AdaptiveEtl.Kit.Kernel.Execution;

/// <summary>A thread-safe <see cref="TextWriter"/> that forwards everything written to one IOPub stream (stdout or stderr).</summary>
internal sealed class IopubStreamWriter(IopubOutputRouter router, string stream) : TextWriter
{
    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <inheritdoc />
    public override void Write(char value) => router.Append(stream, [value]);

    /// <inheritdoc />
    public override void Write(string? value) => router.Append(stream, value);

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => router.Append(stream, buffer.AsSpan(index, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<char> buffer) => router.Append(stream, buffer);

    /// <inheritdoc />
    public override void WriteLine(string? value) => router.Append(stream, (value ?? "") + NewLine);

    /// <inheritdoc />
    public override void Flush() => router.Flush();
}
