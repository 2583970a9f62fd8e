using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Kernel.Messaging;
using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Kernel.Execution;

/// <summary>
/// Turns what a cell writes to stdout/stderr and displays into IOPub messages (<c>stream</c>, <c>display_data</c>,
/// <c>update_display_data</c>) parented to the request being executed. Text is buffered and sent at a newline (at most
/// every <see cref="MinimumInterval"/>), when the other stream or a display comes next, and by a timer every
/// <see cref="FlushInterval"/>, so progress output appears while a long cell runs and the order of stdout, stderr and
/// displays is kept.
/// </summary>
internal sealed class IopubOutputRouter : IDisposable
{
    /// <summary>Pending text is sent at least this often.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>A newline sends pending text at once unless text was sent more recently than this (tight print loops).</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(20);

    private const int MaximumBufferedChars = 64 * 1024;

    private readonly Action<string, JsonObject, JupyterMessage?> _publish;
    private readonly object _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly Stopwatch _sinceLastSend = Stopwatch.StartNew();
    private readonly Timer _timer;
    private string _pendingStream = "stdout";
    private JupyterMessage? _parent;
    private bool _suppressed;

    /// <summary>Creates the router; <paramref name="publish"/> sends (msg_type, content, parent) on IOPub.</summary>
    public IopubOutputRouter(Action<string, JsonObject, JupyterMessage?> publish)
    {
        _publish = publish;
        StandardOutput = new IopubStreamWriter(this, "stdout");
        StandardError = new IopubStreamWriter(this, "stderr");
        DisplaySink = new IopubDisplaySink(this);
        _timer = new Timer(_ => Flush(), null, FlushInterval, FlushInterval);
    }

    /// <summary>The writer the session's standard output goes to.</summary>
    public TextWriter StandardOutput { get; }

    /// <summary>The writer the session's standard error goes to.</summary>
    public TextWriter StandardError { get; }

    /// <summary>The sink the session's <c>display(...)</c> calls go to.</summary>
    public IDisplaySink DisplaySink { get; }

    /// <summary>
    /// Starts routing output to <paramref name="parent"/>; <paramref name="silent"/> drops all output (execute_request with
    /// <c>silent: true</c>). Pending output of the previous request is sent first.
    /// </summary>
    public void BeginRequest(JupyterMessage parent, bool silent)
    {
        lock (_gate)
        {
            SendPendingLocked();
            _parent = parent;
            _suppressed = silent;
        }
    }

    /// <summary>Sends pending output and stops suppressing (late output from background threads keeps the last parent).</summary>
    public void EndRequest()
    {
        lock (_gate)
        {
            SendPendingLocked();
            _suppressed = false;
        }
    }

    /// <summary>Sends pending text now.</summary>
    public void Flush()
    {
        lock (_gate) SendPendingLocked();
    }

    /// <summary>Appends text written to <paramref name="stream"/> (<c>stdout</c> or <c>stderr</c>).</summary>
    public void Append(string stream, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        lock (_gate)
        {
            if (_suppressed) return;
            if (_pendingStream != stream) SendPendingLocked();
            _pendingStream = stream;
            _pending.Append(text);
            if ((text.Contains('\n') && _sinceLastSend.Elapsed >= MinimumInterval) || _pending.Length >= MaximumBufferedChars)
                SendPendingLocked();
        }
    }

    /// <summary>Publishes a display (or an update of an earlier one) after any pending text.</summary>
    public void Display(FormattedValue value, string? displayId, bool isUpdate)
    {
        lock (_gate)
        {
            if (_suppressed) return;
            SendPendingLocked();
            // An update without an id cannot name what to update: show it as a new display instead.
            var update = isUpdate && displayId is not null;
            var content = new JsonObject
            {
                ["data"] = MimeBundle.ToJson(value),
                ["metadata"] = new JsonObject(),
                ["transient"] = displayId is null ? new JsonObject() : new JsonObject { ["display_id"] = displayId },
            };
            _publish(update ? "update_display_data" : "display_data", content, _parent);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }

    private void SendPendingLocked()
    {
        if (_pending.Length == 0) return;
        var text = _pending.ToString();
        _pending.Clear();
        _sinceLastSend.Restart();
        _publish("stream", new JsonObject { ["name"] = _pendingStream, ["text"] = text }, _parent);
    }
}
