using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.OpenLineage;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>Events the kit emits validate against the official OpenLineage JSON Schemas kept in TestData/OpenLineage.</summary>
public sealed class OpenLineageSchemaTests
{
    private static IEnumerable<OpenLineageEvent> EmittedEvents()
    {
        using var parser = new SqlLineageParser(LineageGraphTests.Catalog());
        foreach (var e in OpenLineageGraph.ToEvents(LineageGraphTests.Build(parser))) yield return e;
        foreach (var e in OpenLineageGraph.ToEvents(LineageExportTests.SharedTargetGraph(out _, out _))) yield return e;
        var statement = parser.Parse("INSERT INTO mart.daily (day, revenue) SELECT day, sum(net) FROM staging.orders WHERE id > 0 GROUP BY 1");
        foreach (var type in new[] { "START", "RUNNING", "COMPLETE", "FAIL", "ABORT", "OTHER" })
            yield return new OpenLineageEventBuilder("adaptive-etl-kit", "daily").Statement(statement).Build(type, LineageGraphTests.Day1);
    }

    [Fact]
    public void Every_emitted_event_is_a_valid_run_event_with_a_valid_column_lineage_facet()
    {
        var events = EmittedEvents().ToList();
        Assert.True(events.Count >= 10, $"{events.Count} events");
        Assert.Contains(events, e => e.Outputs.Any(o => o.Facets?.ColumnLineage?.Fields.Values.Any(f => f.InputFields.Any(i => i.Transformations!.Count == 2)) == true));
        foreach (var e in events)
        {
            var json = e.ToJson();
            Assert.True(OpenLineageSchemas.Problems(json).Count == 0, $"{string.Join("; ", OpenLineageSchemas.Problems(json))}: {json}");
        }
    }

    [Fact]
    public void The_schemas_reject_what_the_spec_forbids()
    {
        var good = EmittedEvents().First(e => e.Outputs.Any(o => o.Facets?.ColumnLineage is not null)).ToJson();
        Assert.Empty(OpenLineageSchemas.Problems(good));
        var bad = new Dictionary<string, string>
        {
            ["no producer"] = OpenLineageSchemas.Edit(good, o => o.Remove("producer")),
            ["no eventTime"] = OpenLineageSchemas.Edit(good, o => o.Remove("eventTime")),
            ["unknown eventType"] = OpenLineageSchemas.Edit(good, o => o["eventType"] = "DONE"),
            ["runId not a UUID"] = OpenLineageSchemas.Edit(good, o => o["run"]!["runId"] = "run-42"),
            ["job without name"] = OpenLineageSchemas.Edit(good, o => o["job"]!.AsObject().Remove("name")),
            ["input field without field"] = OpenLineageSchemas.Edit(good, o => FirstInputField(o).Remove("field")),
            ["transformation without type"] = OpenLineageSchemas.Edit(good, o => FirstInputField(o)["transformations"]![0]!.AsObject().Remove("type")),
            ["facet without _producer"] = OpenLineageSchemas.Edit(good, o => ColumnLineage(o).Remove("_producer")),
            ["fields not an object"] = OpenLineageSchemas.Edit(good, o => ColumnLineage(o)["fields"] = new System.Text.Json.Nodes.JsonArray()),
        };
        foreach (var (why, json) in bad) Assert.True(OpenLineageSchemas.Problems(json).Count > 0, $"accepted an event with {why}");
    }

    private static System.Text.Json.Nodes.JsonObject ColumnLineage(System.Text.Json.Nodes.JsonObject ev) =>
        ev["outputs"]!.AsArray().First(o => o!["facets"]?["columnLineage"] is not null)!["facets"]!["columnLineage"]!.AsObject();

    private static System.Text.Json.Nodes.JsonObject FirstInputField(System.Text.Json.Nodes.JsonObject ev)
    {
        var fields = ColumnLineage(ev)["fields"]!.AsObject();
        return fields.First().Value!["inputFields"]![0]!.AsObject();
    }
}
