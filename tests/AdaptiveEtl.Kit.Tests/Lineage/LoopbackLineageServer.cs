using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// A scripted OpenLineage endpoint on 127.0.0.1 (System.Net.HttpListener on a free port): records every request and
/// answers request n (0-based, in arrival order) with <c>script(n)</c> — status, body, an optional Retry-After and a delay
/// before answering — or, with the other constructor, by what the request holds. Serves only loopback and stops when
/// disposed.
/// </summary>
internal sealed class LoopbackLineageServer : IDisposable
{
    internal sealed record Reply(int Status, string Body = "", TimeSpan Delay = default, int? RetryAfterSeconds = null);

    internal sealed record Received(int Index, string Method, string Path, string? ContentType, string? Authorization, string Body, DateTime At);

    private readonly HttpListener _listener = new();
    private readonly Func<Received, Reply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Received> _requests = new();
    private readonly Task _loop;
    private int _count;

    public LoopbackLineageServer(Func<int, Reply> script) : this((Received r) => script(r.Index)) { }

    /// <summary>
    /// A server that answers each request by its content. Prefer this where the answer belongs to one event: under load an
    /// HTTP client may resend a request whose pooled connection closed under it, and that shifts arrival indexes.
    /// </summary>
    public static LoopbackLineageServer ByContent(Func<Received, Reply> script) => new(script);

    private LoopbackLineageServer(Func<Received, Reply> script)
    {
        _script = script;
        BaseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
        _listener.Prefixes.Add(BaseUrl.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The server's base URL (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<Received> Requests => _requests.OrderBy(r => r.Index).ToList();

    /// <summary>A loopback port nothing listens on right now.</summary>
    internal static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening) { return; }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        int index = Interlocked.Increment(ref _count) - 1;
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding)) body = await reader.ReadToEndAsync();
            var received = new Received(index, context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType,
                context.Request.Headers["Authorization"], body, DateTime.UtcNow);
            _requests.Enqueue(received);
            var reply = _script(received);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, _stop.Token);
            context.Response.StatusCode = reply.Status;
            if (reply.RetryAfterSeconds is { } s) context.Response.Headers["Retry-After"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var bytes = System.Text.Encoding.UTF8.GetBytes(reply.Body);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception) { try { context.Response.Abort(); } catch (Exception) { /* client gone */ } }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
