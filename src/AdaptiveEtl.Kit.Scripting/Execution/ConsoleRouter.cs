using System.Text;

namespace AdaptiveEtl.Kit.Scripting.Execution;

/// <summary>
/// Replaces <see cref="Console.Out"/>/<see cref="Console.Error"/> once per process with writers that forward to the writer of
/// the cell running on the current logical flow (an <see cref="AsyncLocal{T}"/>), or to the original console otherwise. So
/// output reaches the session's writer as it is written, and concurrent sessions do not see each other's output.
/// </summary>
internal static class ConsoleRouter
{
    private static readonly AsyncLocal<TextWriter?> CurrentOut = new();
    private static readonly AsyncLocal<TextWriter?> CurrentError = new();
    private static readonly object Gate = new();
    private static TextWriter? _installedOut, _installedError;

    /// <summary>Installs the routers (again, if someone replaced the console writers since).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(Console.Out, _installedOut))
            {
                Console.SetOut(new RoutingWriter(Console.Out, CurrentOut));
                _installedOut = Console.Out;
            }
            if (!ReferenceEquals(Console.Error, _installedError))
            {
                Console.SetError(new RoutingWriter(Console.Error, CurrentError));
                _installedError = Console.Error;
            }
        }
    }

    /// <summary>Routes this logical flow's console output to the given writers (null = the original console).</summary>
    public static void Route(TextWriter? output, TextWriter? error)
    {
        CurrentOut.Value = output;
        CurrentError.Value = error;
    }

    private sealed class RoutingWriter(TextWriter original, AsyncLocal<TextWriter?> current) : TextWriter
    {
        // A session writer that echoes to Console.Out (a log captured after the router was installed) would come back here:
        // writes re-entering on the same thread go to the original console instead of recursing.
        [ThreadStatic]
        private static bool _forwarding;

        public override Encoding Encoding => original.Encoding;

        private void Forward(Action<TextWriter> write)
        {
            var target = _forwarding ? null : current.Value;
            if (target is null)
            {
                write(original);
                return;
            }
            _forwarding = true;
            try
            {
                write(target);
            }
            finally
            {
                _forwarding = false;
            }
        }

        public override void Write(char value) => Forward(w => w.Write(value));
        public override void Write(string? value) => Forward(w => w.Write(value));
        public override void Write(char[] buffer, int index, int count) => Forward(w => w.Write(buffer, index, count));
        public override void WriteLine() => Forward(w => w.WriteLine());
        public override void WriteLine(string? value) => Forward(w => w.WriteLine(value));
        public override void Flush() => Forward(w => w.Flush());
    }
}
