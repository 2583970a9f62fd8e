namespace AdaptiveEtl.Kit.Lineage.OpenLineage.Transport;

/// <summary>
/// Sends OpenLineage run events somewhere: an OpenLineage HTTP endpoint such as Marquez's
/// (<see cref="OpenLineageHttpTransport"/>) or a JSON-lines file (<see cref="OpenLineageFileTransport"/>). Modelled on the
/// transports of the OpenLineage clients (<c>http</c>, <c>file</c>;
/// https://openlineage.io/docs/client/python#built-in-transport-types).
/// </summary>
public interface IOpenLineageTransport : IDisposable
{
    /// <summary>
    /// Sends a batch of events in their order, one at a time (parallelism 1), and returns once all were accepted.
    /// A failure stops the batch at the failing event; the events before it have been delivered.
    /// </summary>
    /// <param name="events">Events to send, in order (may be empty).</param>
    /// <param name="cancellationToken">Stops sending (including any back-off wait).</param>
    Task SendAsync(IReadOnlyList<OpenLineageEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Sends one event (a batch of one).</summary>
    Task SendAsync(OpenLineageEvent ev, CancellationToken cancellationToken = default);
}
