using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AdaptiveEtl.Kit.Lineage.OpenLineage.Transport;

/// <summary>
/// Sends events to an OpenLineage HTTP endpoint: each event is one <c>POST {BaseUrl}/api/v1/lineage</c> with the event as
/// its JSON body (<c>Content-Type: application/json</c>), as Marquez accepts them and the OpenLineage clients send them
/// (https://openlineage.io/apidocs/openapi). An API key goes in <c>Authorization: Bearer &lt;key&gt;</c>. A batch is sent in
/// order, one request at a time, so the server sees START before COMPLETE. 5xx, 429, network errors and time-outs are
/// retried with exponential back-off (a <c>Retry-After</c> header lengthens the wait, capped by
/// <see cref="OpenLineageHttpTransportOptions.MaxBackoff"/>); any other 4xx fails at once with
/// <see cref="OpenLineageTransportException"/> naming the status and the response body.
/// </summary>
/// <example><code>
/// using var marquez = new OpenLineageHttpTransport(new() { BaseUrl = new Uri("http://localhost:5000"), ApiKey = key });
/// await marquez.SendAsync(OpenLineageGraph.ToEvents(graph));
/// </code></example>
public sealed class OpenLineageHttpTransport : IOpenLineageTransport
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly OpenLineageHttpTransportOptions _options;

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Where and how to send.</param>
    /// <param name="client">An HttpClient to use (its own timeout then applies too); a private one when null.</param>
    /// <exception cref="ArgumentException">The base URL is not absolute http(s), or a count or duration is not positive.</exception>
    public OpenLineageHttpTransport(OpenLineageHttpTransportOptions options, HttpClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("http" or "https"))
            throw new ArgumentException($"BaseUrl must be an absolute http or https URL, not '{options.BaseUrl}'.", nameof(options));
        if (options.MaxAttempts < 1) throw new ArgumentException($"MaxAttempts must be at least 1, not {options.MaxAttempts}.", nameof(options));
        if (options.Timeout <= TimeSpan.Zero) throw new ArgumentException($"Timeout must be positive, not {options.Timeout}.", nameof(options));
        if (options.InitialBackoff < TimeSpan.Zero || options.MaxBackoff < TimeSpan.Zero) throw new ArgumentException("back-off durations must not be negative.", nameof(options));
        _options = options;
        Endpoint = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + options.Endpoint.TrimStart('/'));
        _ownsClient = client is null;
        _client = client ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan }; // each attempt has its own time-out
    }

    /// <summary>The URL events are POSTed to.</summary>
    public Uri Endpoint { get; }

    /// <inheritdoc />
    /// <exception cref="OpenLineageTransportException">An event was rejected (4xx other than 429) or not delivered within the attempts; <see cref="OpenLineageTransportException.EventsSent"/> says how many were.</exception>
    public async Task SendAsync(IReadOnlyList<OpenLineageEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (int i = 0; i < events.Count; i++) await SendOneAsync(events[i], i, events.Count, cancellationToken);
    }

    /// <inheritdoc />
    public Task SendAsync(OpenLineageEvent ev, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return SendAsync([ev], cancellationToken);
    }

    private async Task SendOneAsync(OpenLineageEvent ev, int index, int count, CancellationToken ct)
    {
        var body = ev.ToJson();
        var what = $"event {index + 1} of {count} (job {ev.Job.Namespace}/{ev.Job.Name}, run {ev.Run.RunId})";
        for (int attempt = 1; ; attempt++)
        {
            string failure;
            HttpStatusCode? status = null;
            string? responseBody = null;
            TimeSpan? retryAfter = null;
            Exception? inner = null;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                attemptTimeout.CancelAfter(_options.Timeout);
                using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                if (!string.IsNullOrEmpty(_options.ApiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
                try
                {
                    using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token);
                    if (response.IsSuccessStatusCode) return;
                    status = response.StatusCode;
                    responseBody = await response.Content.ReadAsStringAsync(attemptTimeout.Token);
                    failure = $"answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(responseBody)}";
                    if (!IsRetryable(response.StatusCode))
                        throw new OpenLineageTransportException($"OpenLineage endpoint {Endpoint} rejected {what}: {failure} (a client error, not retried).", status, responseBody, index, attempt);
                    retryAfter = RetryAfter(response);
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    failure = $"no answer within the time-out of {_options.Timeout.TotalSeconds:0.###} s";
                    inner = e;
                }
                catch (HttpRequestException e) when (e is not OpenLineageTransportException)
                {
                    failure = "network error: " + e.Message;
                    inner = e;
                }
            }
            if (attempt >= _options.MaxAttempts)
                throw new OpenLineageTransportException($"OpenLineage endpoint {Endpoint} did not accept {what} after {attempt} attempt(s); last: {failure}.", status, responseBody, index, attempt, inner);
            await Task.Delay(Backoff(attempt, retryAfter), ct);
        }
    }

    /// <summary>5xx and 429 are worth retrying; other 4xx mean the event itself is wrong.</summary>
    private static bool IsRetryable(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    /// <summary>InitialBackoff · 2^(attempt−1), at least the server's Retry-After, at most MaxBackoff.</summary>
    internal TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        double ms = _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1);
        if (retryAfter is { } r) ms = Math.Max(ms, r.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.MaxBackoff.TotalMilliseconds));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } d } => d,
        { Date: { } when } => when - DateTimeOffset.UtcNow is var w && w > TimeSpan.Zero ? w : TimeSpan.Zero,
        _ => null,
    };

    private static string Excerpt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "(empty body)";
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 500 ? flat : flat[..500] + "…";
    }

    /// <summary>Disposes the private HttpClient (a supplied one is left to its owner).</summary>
    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
