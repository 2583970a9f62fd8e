using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Cli.Config;
using AdaptiveEtl.Kit.Cli.Output;
using AdaptiveEtl.Kit.Lineage.OpenLineage;
using AdaptiveEtl.Kit.Lineage.OpenLineage.Transport;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// Sends the OpenLineage run events of the kit's own commands (<c>kit run</c>, <c>kit watch</c>) to the backend of
/// kit.yaml's <c>openlineage</c> section (an HTTP endpoint or a JSON-lines file). A FAIL carries the message as the
/// <c>errorMessage</c> run facet. A backend that cannot be reached is a warning on standard error naming the event and
/// the run; it never ends the command.
/// </summary>
internal sealed class OpenLineageRunSender : IDisposable
{
    private const string ErrorFacetSchema = "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";

    private readonly OpenLineageConfig _config;
    private readonly IOpenLineageTransport _transport;
    private readonly string _command;

    /// <summary>A sender to <paramref name="config"/>'s backend; warnings name <paramref name="command"/>.</summary>
    public OpenLineageRunSender(OpenLineageConfig config, string command)
    {
        _config = config;
        _command = command;
        _transport = config.Url is { } url
            ? new OpenLineageHttpTransport(new OpenLineageHttpTransportOptions { BaseUrl = url, ApiKey = config.ApiKey })
            : new OpenLineageFileTransport(config.File!);
    }

    /// <summary>The job namespace of the events.</summary>
    public string Namespace => _config.Namespace;

    /// <summary>Sends one event of run <paramref name="runId"/> of job <paramref name="jobName"/>; a delivery failure is a warning.</summary>
    public async Task SendAsync(string runId, string jobName, string eventType, IEnumerable<OpenLineageDataset> inputs,
        IEnumerable<OpenLineageDataset> outputs, string? error, CancellationToken ct)
    {
        var ev = new OpenLineageEvent
        {
            EventType = eventType,
            EventTime = DateTimeOffset.UtcNow,
            Run = new OpenLineageRun
            {
                RunId = runId,
                Facets = error is null ? null : new JsonObject
                {
                    ["errorMessage"] = new JsonObject
                    {
                        ["_producer"] = OpenLineageEvent.KitProducer, ["_schemaURL"] = ErrorFacetSchema,
                        ["message"] = error, ["programmingLanguage"] = "C#",
                    },
                },
            },
            Job = new OpenLineageJob { Namespace = _config.Namespace, Name = jobName },
            Inputs = [.. inputs],
        };
        ev.Outputs.AddRange(outputs);
        try
        {
            await _transport.SendAsync(ev, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or TimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            KitConsole.Error(_command, $"the OpenLineage {eventType} event of run {runId} (job {jobName}) was not delivered to {(object?)_config.Url ?? _config.File}: {e.Message}");
        }
    }

    /// <summary>A local file or folder as an OpenLineage dataset (namespace <c>file</c>, the absolute path as name).</summary>
    public static OpenLineageDataset File(string path) => new() { Namespace = "file", Name = Path.GetFullPath(path) };

    /// <summary>A table of a DuckDB database file (namespace <c>duckdb://</c> + the absolute file path, the table as name).</summary>
    public static OpenLineageDataset DuckDb(string databaseFile, string table, OpenLineageDatasetFacets? facets = null) =>
        new() { Namespace = "duckdb://" + Path.GetFullPath(databaseFile), Name = table, Facets = facets };

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();
}
