namespace AdaptiveEtl.Kit.Lineage.OpenLineage.Transport;

/// <summary>
/// Settings of <see cref="OpenLineageHttpTransport"/>, named after the OpenLineage clients' <c>http</c> transport
/// (<c>url</c>, <c>endpoint</c>, <c>auth.apiKey</c>, <c>timeout</c>; https://openlineage.io/docs/client/python#http-transport).
/// </summary>
public sealed class OpenLineageHttpTransportOptions
{
    /// <summary>Base URL of the OpenLineage server, e.g. <c>http://localhost:5000</c> for Marquez (a path prefix is kept).</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Path under <see cref="BaseUrl"/> events are POSTed to; default <c>api/v1/lineage</c> (Marquez's and the OpenLineage clients' default).</summary>
    public string Endpoint { get; init; } = "api/v1/lineage";

    /// <summary>API key sent as <c>Authorization: Bearer &lt;key&gt;</c>; none when null or empty.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Time allowed for one attempt (connect, send, response); default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per event including the first (5xx, 429, network errors and time-outs are retried); default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait before the first retry; doubles for each further one (exponential back-off); default 0.5 s.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between attempts (also caps a server's <c>Retry-After</c>); default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
