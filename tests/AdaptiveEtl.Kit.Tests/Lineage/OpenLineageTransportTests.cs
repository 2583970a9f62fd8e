using System.Diagnostics;
using System.Net;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.OpenLineage;
using AdaptiveEtl.Kit.Lineage.OpenLineage.Transport;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>The HTTP transport against a scripted endpoint on 127.0.0.1, and the JSON-lines file transport.</summary>
public sealed class OpenLineageTransportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aek-oltransport-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<OpenLineageEvent> Events(int count) =>
        Enumerable.Range(0, count).Select(i => new OpenLineageEventBuilder("adaptive-etl-kit", $"job_{i}")
            .Input("raw.orders").Map("staging.orders.amount", Kit.Lineage.DependencyKind.DirectCopy, "raw.orders.amount")
            .Build(i % 2 == 0 ? "START" : "COMPLETE", LineageGraphTests.Day1.AddMinutes(i), $"00000000-0000-4000-8000-{i:D12}")).ToList();

    // A generous per-attempt timeout except where the timeout is the subject: on a loaded CI machine a 5 s attempt could time
    // out, be retried and reach the listener twice, which the counting tests would take for a transport bug.
    private static OpenLineageHttpTransport Http(Uri baseUrl, string? key = null, int attempts = 5, double timeoutSeconds = 60) => new(new OpenLineageHttpTransportOptions
    {
        BaseUrl = baseUrl, ApiKey = key, MaxAttempts = attempts, Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        InitialBackoff = TimeSpan.FromMilliseconds(40), MaxBackoff = TimeSpan.FromSeconds(2),
    });

    [Fact]
    public async Task Events_arrive_in_order_at_api_v1_lineage_with_the_bearer_key()
    {
        using var server = new LoopbackLineageServer(_ => new(201));
        using var transport = Http(server.BaseUrl, key: "s3cret-key");
        var events = Events(6);

        await transport.SendAsync(events, Ct);

        var received = server.Requests;
        Assert.Equal(6, received.Count);
        Assert.All(received, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/api/v1/lineage", r.Path);
            Assert.StartsWith("application/json", r.ContentType);
            Assert.Equal("Bearer s3cret-key", r.Authorization);
        });
        Assert.Equal(events.Select(e => e.Run.RunId), received.Select(r => OpenLineageEvent.Parse(r.Body).Run.RunId));
        Assert.Equal(events.Select(e => e.ToJson()), received.Select(r => r.Body));
    }

    [Fact]
    public async Task Without_a_key_no_authorization_header_is_sent_and_a_base_path_is_kept()
    {
        using var server = new LoopbackLineageServer(_ => new(200));
        using var transport = Http(new Uri(server.BaseUrl, "marquez/"));
        Assert.Equal(new Uri(server.BaseUrl, "marquez/api/v1/lineage"), transport.Endpoint);
        await transport.SendAsync(Events(1)[0], Ct);
        var r = Assert.Single(server.Requests);
        Assert.Null(r.Authorization);
        Assert.Equal("/marquez/api/v1/lineage", r.Path);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Two_retryable_failures_are_retried_with_exponential_backoff(int status)
    {
        using var server = new LoopbackLineageServer(n => n < 2 ? new(status, "{\"error\":\"busy\"}") : new(201));
        using var transport = Http(server.BaseUrl);
        var ev = Events(1)[0];

        await transport.SendAsync(ev, Ct);

        var received = server.Requests;
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.Equal(ev.ToJson(), r.Body));
        // Back-off 40 ms, then 80 ms: the gaps between attempts are at least those waits.
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromMilliseconds(35), $"first gap {(received[1].At - received[0].At).TotalMilliseconds} ms");
        Assert.True(received[2].At - received[1].At >= TimeSpan.FromMilliseconds(75), $"second gap {(received[2].At - received[1].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Retry_after_lengthens_the_wait()
    {
        using var server = new LoopbackLineageServer(n => n == 0 ? new(429, "slow down", RetryAfterSeconds: 1) : new(201));
        using var transport = Http(server.BaseUrl);
        await transport.SendAsync(Events(1), Ct);
        var received = server.Requests;
        Assert.Equal(2, received.Count);
        Assert.True(received[1].At - received[0].At >= TimeSpan.FromMilliseconds(950), $"gap {(received[1].At - received[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_400_is_not_retried_and_the_error_names_status_body_and_event()
    {
        using var server = new LoopbackLineageServer(_ => new(400, "{\"code\":400,\"message\":\"job.name must not be blank\"}"));
        using var transport = Http(server.BaseUrl);
        var events = Events(3);

        var ex = await Assert.ThrowsAsync<OpenLineageTransportException>(() => transport.SendAsync(events, Ct));

        Assert.Single(server.Requests); // neither retried nor followed by the rest of the batch
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(0, ex.EventsSent);
        Assert.Equal(1, ex.Attempts);
        Assert.Contains("400", ex.Message);
        Assert.Contains("job.name must not be blank", ex.Message);
        Assert.Contains("event 1 of 3", ex.Message);
        Assert.Contains("adaptive-etl-kit/job_0", ex.Message);
        Assert.Contains("/api/v1/lineage", ex.Message);
    }

    [Fact]
    public async Task A_failure_mid_batch_reports_how_many_events_were_delivered()
    {
        var events = Events(5);
        // the third event is the bad one, recognised by its run id (not by arrival order, which a client-side resend shifts)
        using var server = LoopbackLineageServer.ByContent(r => r.Body.Contains(events[2].Run.RunId) ? new(422, "bad facet") : new(201));
        using var transport = Http(server.BaseUrl);
        var ex = await Assert.ThrowsAsync<OpenLineageTransportException>(() => transport.SendAsync(events, Ct));
        Assert.Equal(2, ex.EventsSent);
        // events 1–3 reached the server, 4 and 5 never did
        Assert.Equal([events[0].Run.RunId, events[1].Run.RunId, events[2].Run.RunId],
            events.Select(e => e.Run.RunId).Where(id => server.Requests.Any(q => q.Body.Contains(id))));
        Assert.Contains("event 3 of 5", ex.Message);
    }

    [Fact]
    public async Task The_timeout_bounds_each_attempt()
    {
        using var server = new LoopbackLineageServer(_ => new(201, Delay: TimeSpan.FromSeconds(20)));
        using var transport = Http(server.BaseUrl, attempts: 2, timeoutSeconds: 0.3);
        var clock = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<OpenLineageTransportException>(() => transport.SendAsync(Events(1), Ct));

        clock.Stop();
        // Two attempts of 0.3 s plus a 40 ms back-off; far below the server's 20 s delay.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.6, 5);
        Assert.Equal(2, ex.Attempts);
        Assert.Null(ex.StatusCode);
        Assert.Contains("time-out of 0.3 s", ex.Message);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        var nobody = new Uri($"http://127.0.0.1:{LoopbackLineageServer.FreePort()}/");
        using var transport = Http(nobody, attempts: 3);
        var ex = await Assert.ThrowsAsync<OpenLineageTransportException>(() => transport.SendAsync(Events(1), Ct));
        Assert.Equal(3, ex.Attempts);
        Assert.Contains("network error", ex.Message);
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new OpenLineageHttpTransport(new() { BaseUrl = new Uri("ftp://host/") }));
        Assert.Throws<ArgumentException>(() => new OpenLineageHttpTransport(new() { BaseUrl = new Uri("http://127.0.0.1/"), MaxAttempts = 0 }));
        Assert.Throws<ArgumentException>(() => new OpenLineageHttpTransport(new() { BaseUrl = new Uri("http://127.0.0.1/"), Timeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task File_transport_appends_each_batch_whole_and_in_order()
    {
        var path = Path.Combine(_dir, "sub", "events.jsonl");
        using var transport = new OpenLineageFileTransport(path);
        var first = Events(3);
        await transport.SendAsync(first, Ct);
        await transport.SendAsync(Events(1)[0], Ct);
        var read = OpenLineageEvent.ReadFile(path);
        Assert.Equal(first.Append(Events(1)[0]).Select(e => e.ToJson()), read.Select(e => e.ToJson()));

        // Concurrent writers: every batch lands as one contiguous block, none interleaved.
        var batches = Enumerable.Range(0, 8).Select(b => Enumerable.Range(0, 25).Select(i => new OpenLineageEventBuilder("w", $"writer_{b}")
            .Build("COMPLETE", LineageGraphTests.Day1, $"00000000-0000-4000-8000-{b * 100 + i:D12}")).ToList()).ToList();
        await Task.WhenAll(batches.Select(batch => Task.Run(async () => { using var t = new OpenLineageFileTransport(path); await t.SendAsync(batch, Ct); }, Ct)));
        var lines = File.ReadAllLines(path).Skip(4).Select(l => OpenLineageEvent.Parse(l)).ToList();
        Assert.Equal(200, lines.Count);
        for (int block = 0; block < 8; block++)
        {
            var slice = lines.Skip(block * 25).Take(25).ToList();
            Assert.Single(slice.Select(e => e.Job.Name).Distinct());
            Assert.Equal(slice.Select(e => e.Run.RunId).Order(StringComparer.Ordinal), slice.Select(e => e.Run.RunId));
        }
    }

    [Fact]
    public async Task File_transport_starts_a_new_line_after_a_torn_last_line()
    {
        var path = Path.Combine(_dir, "torn.jsonl");
        await File.WriteAllTextAsync(path, "{\"eventType\":\"COMP", Ct); // a writer died mid-line
        using var transport = new OpenLineageFileTransport(path);
        await transport.SendAsync(Events(1), Ct);
        var lines = await File.ReadAllLinesAsync(path, Ct);
        Assert.Equal(2, lines.Length);
        Assert.Equal(Events(1)[0].ToJson(), lines[1]);
    }
}
