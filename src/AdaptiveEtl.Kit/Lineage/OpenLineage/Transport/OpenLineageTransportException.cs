using System.Net;

namespace AdaptiveEtl.Kit.Lineage.OpenLineage.Transport;

/// <summary>
/// An OpenLineage endpoint rejected an event (a 4xx other than 429, not retried) or could not be reached within the
/// configured attempts (5xx, 429, network errors, time-outs). The message names the URL, the HTTP status and the
/// response body when there was one, the event (position in the batch, job, run id) and the attempts made.
/// </summary>
public sealed class OpenLineageTransportException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, where.</param>
    /// <param name="statusCode">The last HTTP status received, or null when none (network error, time-out).</param>
    /// <param name="responseBody">The last response body, or null.</param>
    /// <param name="eventsSent">Events of the batch delivered before the failing one.</param>
    /// <param name="attempts">Attempts made for the failing event.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public OpenLineageTransportException(string message, HttpStatusCode? statusCode, string? responseBody, int eventsSent, int attempts, Exception? inner = null)
        : base(message, inner, statusCode)
    {
        ResponseBody = responseBody;
        EventsSent = eventsSent;
        Attempts = attempts;
    }

    /// <summary>The last response body, or null when no response was received.</summary>
    public string? ResponseBody { get; }

    /// <summary>Events of the batch delivered (accepted by the endpoint) before the failing one; resume from this index.</summary>
    public int EventsSent { get; }

    /// <summary>Attempts made for the failing event (1 when it was not retried).</summary>
    public int Attempts { get; }
}
