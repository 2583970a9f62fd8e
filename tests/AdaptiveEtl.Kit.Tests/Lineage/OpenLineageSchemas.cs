using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using Json.Schema;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// Validates OpenLineage events with JsonSchema.Net against the official schemas kept in
/// <c>TestData/OpenLineage</c> (see the README there for sources, versions and why the core is 2-0-0): the core
/// <c>#/$defs/RunEvent</c> and, for every output dataset with a <c>columnLineage</c> facet, the ColumnLineageDatasetFacet schema.
/// </summary>
internal static class OpenLineageSchemas
{
    private const string CoreUri = "https://openlineage.io/spec/2-0-0/OpenLineage.json";
    // The only $ref of ColumnLineageDatasetFacet 1-1-0 into the core points at spec 2-0-2 (#/$defs/DatasetFacet).
    private const string FacetCoreUri = "https://openlineage.io/spec/2-0-2/OpenLineage.json";

    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "AdaptiveEtl.Kit.Tests", "Lineage", "TestData", "OpenLineage");

    private static readonly Lazy<(JsonSchema RunEvent, JsonSchema Facet)> Schemas = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var core = JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, "OpenLineage-2-0-0.json")), options);
        options.SchemaRegistry.Register(new Uri(FacetCoreUri), core);
        var facet = JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, "ColumnLineageDatasetFacet-1-1-0.json")), options);
        var runEvent = JsonSchema.FromText($"{{\"$ref\": \"{CoreUri}#/$defs/RunEvent\"}}", options);
        return (runEvent, facet);
    });

    // Flag output short-circuits anyOf at the first passing branch: the 2-0-0 core lists facet files by relative
    // $refs (facets/X.json under /spec/2-0-0/) that do not exist at that location, and that are only reached once the
    // first branch (any facet object with _producer and _schemaURL) has already failed.
    private static readonly EvaluationOptions Flag = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    /// <summary>What fails in <paramref name="eventJson"/>: empty when the event is valid.</summary>
    public static IReadOnlyList<string> Problems(string eventJson)
    {
        var (runEvent, facet) = Schemas.Value;
        var problems = new List<string>();
        using var doc = JsonDocument.Parse(eventJson);
        switch (Valid(runEvent, doc.RootElement))
        {
            case false: problems.Add("not a RunEvent (OpenLineage 2-0-0 #/$defs/RunEvent)"); break;
            // Only reached when a facet failed the generic branch (an object with _producer and _schemaURL), which
            // every named facet schema requires as well: counted as a problem, and said so.
            case null: problems.Add("a facet is not a generic facet (no _producer/_schemaURL) and the named facet files the 2-0-0 core refers to are not kept"); break;
        }
        if (doc.RootElement.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array)
            foreach (var o in outputs.EnumerateArray())
                if (o.TryGetProperty("facets", out var facets) && facets.TryGetProperty("columnLineage", out _) && Valid(facet, facets) != true)
                    problems.Add($"columnLineage facet of output {o.GetProperty("name")} is not a ColumnLineageDatasetFacet 1-1-0");
        return problems;
    }

    /// <summary>True or false, or null when the evaluation reached one of the core's unresolvable facet $refs.</summary>
    private static bool? Valid(JsonSchema schema, JsonElement instance)
    {
        try { return schema.Evaluate(instance, Flag).IsValid; }
        catch (RefResolutionException) { return null; }
    }

    /// <summary>Parses, edits and re-serializes an event (for negative cases).</summary>
    public static string Edit(string json, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }
}
