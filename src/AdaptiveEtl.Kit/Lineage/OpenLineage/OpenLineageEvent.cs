using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AdaptiveEtl.Kit.Lineage.OpenLineage;

/// <summary>
/// An OpenLineage run event (spec 2-0-2 field names: <c>eventType</c>, <c>eventTime</c>, <c>run</c>, <c>job</c>, <c>inputs</c>,
/// <c>outputs</c>, <c>producer</c>, <c>schemaURL</c>). Serialized with System.Text.Json; facets the kit does not model are
/// kept as raw JSON so that events from other tools round-trip.
/// </summary>
public sealed class OpenLineageEvent
{
    /// <summary>The spec's JSON schema URL for run events.</summary>
    public const string RunEventSchemaUrl = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

    /// <summary>The producer URI the kit writes.</summary>
    public const string KitProducer = "https://example.invalid/adaptive-etl-kit";

    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary><c>START</c>, <c>RUNNING</c>, <c>COMPLETE</c>, <c>ABORT</c>, <c>FAIL</c> or <c>OTHER</c>.</summary>
    [JsonPropertyName("eventType")] public string? EventType { get; set; }

    /// <summary>When the event happened.</summary>
    [JsonPropertyName("eventTime")] public DateTimeOffset EventTime { get; set; }

    /// <summary>The run.</summary>
    [JsonPropertyName("run")] public OpenLineageRun Run { get; set; } = new();

    /// <summary>The job.</summary>
    [JsonPropertyName("job")] public OpenLineageJob Job { get; set; } = new();

    /// <summary>Datasets read.</summary>
    [JsonPropertyName("inputs")] public List<OpenLineageDataset> Inputs { get; set; } = new();

    /// <summary>Datasets written (their <c>columnLineage</c> facet maps output columns to input columns).</summary>
    [JsonPropertyName("outputs")] public List<OpenLineageDataset> Outputs { get; set; } = new();

    /// <summary>URI of the producing software.</summary>
    [JsonPropertyName("producer")] public string Producer { get; set; } = KitProducer;

    /// <summary>Schema URL of the event.</summary>
    [JsonPropertyName("schemaURL")] public string SchemaUrl { get; set; } = RunEventSchemaUrl;

    /// <summary>Serializes the event as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Parses one event.</summary>
    /// <exception cref="KitDataException">The JSON is not an OpenLineage run event (names what is missing).</exception>
    public static OpenLineageEvent Parse(string json, string source = "OpenLineage event")
    {
        OpenLineageEvent? e;
        try { e = JsonSerializer.Deserialize<OpenLineageEvent>(json, Options); }
        catch (JsonException ex) { throw new KitDataException($"not a valid OpenLineage event: {ex.Message}", source, inner: ex); }
        if (e is null || string.IsNullOrEmpty(e.Job.Name) || string.IsNullOrEmpty(e.Job.Namespace))
            throw new KitDataException("OpenLineage event has no job.namespace/job.name.", source);
        if (string.IsNullOrEmpty(e.Run.RunId)) throw new KitDataException("OpenLineage event has no run.runId.", source);
        return e;
    }

    /// <summary>Reads events from a file: JSON lines (one event per line) or a JSON array of events.</summary>
    public static IReadOnlyList<OpenLineageEvent> ReadFile(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("OpenLineage events file not found.", path);
        var text = File.ReadAllText(path).Trim();
        if (text.StartsWith('['))
        {
            var array = JsonNode.Parse(text)!.AsArray();
            return array.Select((n, i) => Parse(n!.ToJsonString(), $"{path} [element {i}]")).ToList();
        }
        return text.Split('\n').Select((l, i) => (l.Trim(), i)).Where(p => p.Item1.Length > 0).Select(p => Parse(p.Item1, $"{path} line {p.i + 1}")).ToList();
    }
}

/// <summary>The <c>run</c> of an OpenLineage event.</summary>
public sealed class OpenLineageRun
{
    /// <summary>The run id (a UUID).</summary>
    [JsonPropertyName("runId")] public string RunId { get; set; } = "";

    /// <summary>Run facets, as raw JSON.</summary>
    [JsonPropertyName("facets")] public JsonObject? Facets { get; set; }
}

/// <summary>The <c>job</c> of an OpenLineage event.</summary>
public sealed class OpenLineageJob
{
    /// <summary>Job namespace.</summary>
    [JsonPropertyName("namespace")] public string Namespace { get; set; } = "";

    /// <summary>Job name.</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    /// <summary>Job facets, as raw JSON.</summary>
    [JsonPropertyName("facets")] public JsonObject? Facets { get; set; }
}
