using System.Text.Json.Nodes;
using System.Threading.Channels;
using AdaptiveEtl.Kit.Kernel.Execution;
using AdaptiveEtl.Kit.Kernel.Messaging;
using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Kernel;

/// <summary>
/// The kernel: receives shell requests on one thread and processes them strictly in order on one loop, serves control
/// requests (interrupt, shutdown) on their own thread so they work while a cell runs, echoes heartbeats, and publishes
/// status busy/idle around every request on IOPub.
/// </summary>
internal sealed class KernelServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);
    private readonly KernelSockets _sockets;
    private readonly KernelHostOptions _options;
    private readonly TextWriter _log;
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly Channel<JupyterMessage> _shellQueue = Channel.CreateUnbounded<JupyterMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly IopubOutputRouter _output;
    private readonly ExecutionHistory _history = new();
    private ScriptSession _scriptSession;
    private CancellationTokenSource? _runningCell;
    private int _executionCount;

    public KernelServer(KernelConnectionInfo connection, KernelHostOptions options)
    {
        _options = options;
        _log = options.Log ?? Console.Error;
        _sockets = new KernelSockets(connection, Log);
        _output = new IopubOutputRouter((type, content, parent) => Publish(type, content, parent));
        _scriptSession = CreateScriptSession();
    }

    /// <summary>Serves until shutdown.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var link = cancellationToken.Register(() => _stopping.Cancel());
        var threads = new[]
        {
            StartThread("kernel-heartbeat", () => _sockets.RunHeartbeat(_stopping.Token)),
            StartThread("kernel-control", ReceiveControl),
            StartThread("kernel-shell", ReceiveShell),
        };
        PublishStatus("starting", null);
        var processing = ProcessShellAsync();
        try
        {
            await Task.WhenAny(processing, Task.Delay(Timeout.Infinite, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default)).ConfigureAwait(false);
            // Shutting down: a cell that ignores the interrupt must not keep the kernel alive for long.
            CancelRunningCell();
            await Task.WhenAny(processing, Task.Delay(ShutdownGrace)).ConfigureAwait(false);
        }
        finally
        {
            _stopping.Cancel();
            foreach (var t in threads) t.Join(ShutdownGrace);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _output.Dispose();
        try
        {
            await _scriptSession.DisposeAsync().AsTask().WaitAsync(ShutdownGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log("the script session did not finish disposing within the shutdown grace period");
        }
        _sockets.Dispose();
        NetMQ.NetMQConfig.Cleanup(block: false);
        _stopping.Dispose();
    }

    private ScriptSession CreateScriptSession() => new(new ScriptSessionOptions
    {
        WorkingDirectory = _options.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        PackageSources = _options.PackageSources,
        PackageCacheDirectory = _options.PackageCacheDirectory,
        StandardOutput = _output.StandardOutput,
        StandardError = _output.StandardError,
        DisplaySink = _output.DisplaySink,
    });

    private static Thread StartThread(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    private void Log(string message)
    {
        lock (_log) _log.WriteLine($"[kit kernel] {message}");
    }

    // ---- channels -------------------------------------------------------------------------------------------------

    private void ReceiveShell()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var message = _sockets.TryReceive(_sockets.Shell, "shell");
            if (message is not null) _shellQueue.Writer.TryWrite(message);
        }
        _shellQueue.Writer.TryComplete();
    }

    private void ReceiveControl()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var message = _sockets.TryReceive(_sockets.Control, "control");
            if (message is null) continue;
            PublishStatus("busy", message);
            try
            {
                HandleControl(message);
            }
            catch (Exception e)
            {
                Log($"{message.MessageType} on control failed: {e}");
            }
            PublishStatus("idle", message);
        }
    }

    private void HandleControl(JupyterMessage request)
    {
        switch (request.MessageType)
        {
            case "interrupt_request":
                CancelRunningCell();
                Reply(_sockets.Control, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                break;
            case "shutdown_request":
                Shutdown(_sockets.Control, request);
                break;
            case "kernel_info_request":
                Reply(_sockets.Control, request, "kernel_info_reply", KernelInfo());
                break;
            default:
                Log($"unsupported control message '{request.MessageType}' ignored");
                break;
        }
    }

    /// <summary>
    /// Replies and stops the process. As the protocol specifies, the kernel exits on every shutdown_request: with
    /// <c>restart: true</c> the client (jupyter_client's KernelManager) waits for the process to end and starts a fresh one.
    /// </summary>
    private void Shutdown(NetMQ.NetMQSocket socket, JupyterMessage request)
    {
        CancelRunningCell();
        Reply(socket, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = request.ContentBool("restart", false) });
        _stopping.Cancel();
    }

    /// <summary>Cancels the cell being executed, if any (called from the control thread while the shell loop awaits the cell).</summary>
    private void CancelRunningCell()
    {
        var cell = Volatile.Read(ref _runningCell);
        try
        {
            cell?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the cell finished in the meantime
        }
    }

    private void Reply(NetMQ.NetMQSocket socket, JupyterMessage request, string type, JsonObject content) =>
        _sockets.Send(socket, JupyterMessage.Create(type, content, _session, request));

    private void Publish(string type, JsonObject content, JupyterMessage? parent) =>
        _sockets.Send(_sockets.IOPub, JupyterMessage.Create(type, content, _session, parent, identities: [System.Text.Encoding.UTF8.GetBytes("kernel." + type)]));

    private void PublishStatus(string state, JupyterMessage? parent) =>
        Publish("status", new JsonObject { ["execution_state"] = state }, parent);

    // ---- shell ----------------------------------------------------------------------------------------------------

    private async Task ProcessShellAsync()
    {
        try
        {
            await foreach (var request in _shellQueue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
                await HandleShellAsync(request).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // shutdown
        }
    }

    private async Task HandleShellAsync(JupyterMessage request, bool abort = false)
    {
        PublishStatus("busy", request);
        IReadOnlyList<JupyterMessage> toAbort = [];
        try
        {
            if (abort) Reply(_sockets.Shell, request, request.MessageType.Replace("_request", "_reply"), new JsonObject { ["status"] = "aborted" });
            else toAbort = await DispatchAsync(request).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log($"{request.MessageType} failed: {e}");
        }
        finally
        {
            _output.EndRequest();
            PublishStatus("idle", request);
        }
        // Requests queued when a cell failed: executions are aborted, anything else is served normally.
        foreach (var queued in toAbort)
            await HandleShellAsync(queued, abort: queued.MessageType == "execute_request").ConfigureAwait(false);
    }

    /// <summary>Handles one shell request; returns the queued requests a failed execution aborts (usually none).</summary>
    private async Task<IReadOnlyList<JupyterMessage>> DispatchAsync(JupyterMessage request)
    {
        switch (request.MessageType)
        {
            case "kernel_info_request":
                Reply(_sockets.Shell, request, "kernel_info_reply", KernelInfo());
                return [];
            case "execute_request":
                return await ExecuteAsync(request).ConfigureAwait(false);
            case "complete_request":
                Reply(_sockets.Shell, request, "complete_reply", await CompleteAsync(request).ConfigureAwait(false));
                return [];
            case "inspect_request":
                Reply(_sockets.Shell, request, "inspect_reply", await InspectAsync(request).ConfigureAwait(false));
                return [];
            case "is_complete_request":
                Reply(_sockets.Shell, request, "is_complete_reply", IsComplete(request));
                return [];
            case "history_request":
                Reply(_sockets.Shell, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = _history.Query(request.Content) });
                return [];
            case "comm_info_request":
                Reply(_sockets.Shell, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                return [];
            case "comm_open":
                // No comm targets are registered: close at once so the client does not keep a dangling comm.
                Publish("comm_close", new JsonObject { ["comm_id"] = request.ContentString("comm_id"), ["data"] = new JsonObject() }, request);
                return [];
            case "comm_msg" or "comm_close":
                return [];
            case "shutdown_request":
                Shutdown(_sockets.Shell, request);
                return [];
            default:
                Log($"unsupported shell message '{request.MessageType}' ignored");
                return [];
        }
    }

    /// <summary>
    /// Takes every request queued so far. Called when a cell fails with <c>stop_on_error</c>, before its reply is sent: the
    /// requests sent before the client could learn of the error are aborted, the ones it sends after the reply run.
    /// </summary>
    private List<JupyterMessage> TakeQueuedRequests()
    {
        var queued = new List<JupyterMessage>();
        while (_shellQueue.Reader.TryRead(out var message)) queued.Add(message);
        return queued;
    }

    private JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = KernelProtocol.Version,
        ["implementation"] = KernelLanguageInfo.Implementation,
        ["implementation_version"] = KernelLanguageInfo.KitVersion,
        ["language_info"] = KernelLanguageInfo.ToJson(),
        ["banner"] = $"C# (AdaptiveEtl.Kit {KernelLanguageInfo.KitVersion}) on .NET {Environment.Version}: Roslyn scripting, #r \"nuget: …\", display(…)",
        ["help_links"] = new JsonArray(
            new JsonObject { ["text"] = "C# documentation", ["url"] = "https://learn.microsoft.com/dotnet/csharp/" },
            new JsonObject { ["text"] = ".NET API browser", ["url"] = "https://learn.microsoft.com/dotnet/api/" }),
        ["debugger"] = false,
    };

    private async Task<IReadOnlyList<JupyterMessage>> ExecuteAsync(JupyterMessage request)
    {
        var code = request.ContentString("code");
        var silent = request.ContentBool("silent", false);
        var storeHistory = !silent && request.ContentBool("store_history", true);
        if (storeHistory) _executionCount++;
        var count = _executionCount;
        if (!silent) Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);
        _output.BeginRequest(request, silent);

        CellResult result;
        using (var cell = new CancellationTokenSource())
        {
            Volatile.Write(ref _runningCell, cell);
            try
            {
                result = await _scriptSession.ExecuteAsync(code, cell.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (cell.IsCancellationRequested)
            {
                result = new CellResult(false, null, false, null, new CellError(nameof(OperationCanceledException), "The cell was interrupted.", [], e), TimeSpan.Zero);
            }
            catch (Exception e)
            {
                result = new CellResult(false, null, false, null, new CellError(e.GetType().Name, e.Message, (e.StackTrace ?? "").Split('\n'), e), TimeSpan.Zero);
            }
            finally
            {
                Volatile.Write(ref _runningCell, null);
            }
        }
        if (storeHistory)
            _history.Add(count, code, result.Succeeded && result.HasReturnValue ? result.FormattedReturnValue?.PlainText ?? result.ReturnValue?.ToString() ?? "null" : null);
        _output.Flush();

        if (result.Succeeded)
        {
            if (!silent && result.HasReturnValue)
            {
                var bundle = result.FormattedReturnValue ?? MimeBundle.PlainText(result.ReturnValue?.ToString() ?? "null");
                Publish("execute_result", new JsonObject { ["execution_count"] = count, ["data"] = MimeBundle.ToJson(bundle), ["metadata"] = new JsonObject() }, request);
            }
            Reply(_sockets.Shell, request, "execute_reply", new JsonObject
            {
                ["status"] = "ok",
                ["execution_count"] = count,
                ["user_expressions"] = new JsonObject(),
                ["payload"] = new JsonArray(),
            });
            return [];
        }

        var error = ErrorContent(result.Error, count, request.Metadata["cellId"] is JsonValue id && id.TryGetValue<string>(out var cellId) ? cellId : null);
        if (!silent) Publish("error", (JsonObject)error.DeepClone(), request);
        error["status"] = "error";
        error["execution_count"] = count;
        // As in ipykernel, only a visible failure aborts the queue (silent executions are the client's own probes).
        var toAbort = !silent && request.ContentBool("stop_on_error", true) ? TakeQueuedRequests() : [];
        Reply(_sockets.Shell, request, "execute_reply", error);
        return toAbort;
    }

    /// <summary>
    /// The error content: the message once (a compile error's diagnostics are its message, with no frames), the frames, then
    /// the cell as users see it: <c>In [n]</c> and, when the front end sent it (JupyterLab, VS Code), the cell id.
    /// </summary>
    private static JsonObject ErrorContent(CellError? error, int executionCount, string? cellId)
    {
        var name = error?.Name ?? "Error";
        var message = error?.Message ?? "The cell failed.";
        var traceback = new JsonArray($"{name}: {message}");
        foreach (var line in error?.StackTrace ?? [])
            if (!string.IsNullOrWhiteSpace(line)) traceback.Add(line.TrimEnd());
        traceback.Add($"in cell In [{executionCount}]{(cellId is null ? "" : $" (cell id {cellId})")}");
        return new JsonObject { ["ename"] = name, ["evalue"] = message, ["traceback"] = traceback };
    }

    private async Task<JsonObject> CompleteAsync(JupyterMessage request)
    {
        var code = request.ContentString("code");
        var cursor = CursorPosition.ToUtf16Index(code, request.ContentInt("cursor_pos", code.Length));
        var items = await _scriptSession.CompleteAsync(code, cursor, _stopping.Token).ConfigureAwait(false);
        var start = CursorPosition.IdentifierStart(code, cursor);
        var matches = new JsonArray();
        var types = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var startCp = CursorPosition.ToCodePointOffset(code, start);
        var endCp = CursorPosition.ToCodePointOffset(code, cursor);
        foreach (var item in items)
        {
            if (!seen.Add(item.InsertText)) continue;
            matches.Add(item.InsertText);
            types.Add(new JsonObject { ["start"] = startCp, ["end"] = endCp, ["text"] = item.InsertText, ["type"] = item.Kind.ToLowerInvariant(), ["signature"] = item.DisplayText });
        }
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = matches,
            ["cursor_start"] = startCp,
            ["cursor_end"] = endCp,
            ["metadata"] = new JsonObject { ["_jupyter_types_experimental"] = types },
        };
    }

    private async Task<JsonObject> InspectAsync(JupyterMessage request)
    {
        var code = request.ContentString("code");
        var cursor = CursorPosition.ToUtf16Index(code, request.ContentInt("cursor_pos", code.Length));
        var found = await _scriptSession.InspectAsync(code, cursor, _stopping.Token).ConfigureAwait(false);
        var data = new JsonObject();
        if (found is not null)
        {
            var doc = string.IsNullOrWhiteSpace(found.Documentation) ? "" : found.Documentation.Trim();
            data["text/plain"] = doc.Length == 0 ? found.Signature : found.Signature + "\n\n" + doc;
            data["text/markdown"] = "```csharp\n" + found.Signature + "\n```" + (doc.Length == 0 ? "" : "\n\n" + doc);
        }
        return new JsonObject { ["status"] = "ok", ["found"] = found is not null, ["data"] = data, ["metadata"] = new JsonObject() };
    }

    private JsonObject IsComplete(JupyterMessage request)
    {
        var code = request.ContentString("code");
        return _scriptSession.IsComplete(code) switch
        {
            CompletenessResult.Complete => new JsonObject { ["status"] = "complete" },
            CompletenessResult.Incomplete => new JsonObject { ["status"] = "incomplete", ["indent"] = NextIndent(code) },
            _ => new JsonObject { ["status"] = "invalid" },
        };
    }

    /// <summary>The indentation for the next line of incomplete code: the last line's, one level deeper after an opening bracket.</summary>
    private static string NextIndent(string code)
    {
        var last = code.TrimEnd('\r', '\n').Split('\n').LastOrDefault(l => l.Trim().Length > 0) ?? "";
        var indent = last[..(last.Length - last.TrimStart().Length)];
        var trimmed = last.TrimEnd();
        return trimmed.EndsWith('{') || trimmed.EndsWith('(') || trimmed.EndsWith('[') ? indent + "    " : indent;
    }
}
