using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Export;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.OpenLineage;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Lineage.View;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>Cypher, neo4j-admin CSV and OpenLineage exports, OpenLineage ingestion, and the HTML view.</summary>
public sealed class LineageExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aek-lexport-").FullName;
    private readonly LineageGraph _graph;

    public LineageExportTests()
    {
        using var parser = new SqlLineageParser(LineageGraphTests.Catalog());
        _graph = LineageGraphTests.Build(parser);
        // A node name with quotes, a backtick and a Cypher-looking payload must travel as a parameter only.
        _graph.AddStatement(parser.Parse("SELECT note AS \"x'}) DETACH DELETE n //`\" FROM raw.orders"), new(null, LineageGraphTests.Day2, "mallory' OR 1=1", "app", null, null, 1, "SELECT note AS \"x'}) DETACH DELETE n //`\" FROM raw.orders"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Cypher_statements_are_parameterised_merges_with_whitelisted_labels()
    {
        var statements = CypherExporter.Statements(_graph).ToList();
        Assert.Equal(4 + _graph.Nodes.Count + _graph.Edges.Count, statements.Count); // one uniqueness constraint per label first
        var labels = new[] { "Dataset", "Column", "Process", "Consumer" };
        var types = new[] { "USES", "TRANSFORMS", "DEPENDS_ON", "CONSUMED_BY", "HAS_COLUMN" };
        foreach (var (text, parameters) in statements.Skip(4))
        {
            Assert.StartsWith(text.StartsWith("MERGE", StringComparison.Ordinal) ? "MERGE (n:" : "MATCH (a:", text);
            Assert.Contains("MERGE", text);
            // No value is spliced into the statement text.
            foreach (var (_, value) in parameters)
                if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 3) Assert.DoesNotContain(s, text);
            var usedLabels = System.Text.RegularExpressions.Regex.Matches(text, @"\((?:n|a|b):(\w+)").Select(m => m.Groups[1].Value);
            Assert.All(usedLabels, l => Assert.Contains(l, labels));
            var usedTypes = System.Text.RegularExpressions.Regex.Matches(text, @"\[r:(\w+)").Select(m => m.Groups[1].Value);
            Assert.All(usedTypes, t => Assert.Contains(t, types));
        }
        Assert.Contains(statements, s => s.Parameters["id"]?.GetValue<string>() == "consumer:user:mallory' OR 1=1");
        var path = Path.Combine(_dir, "lineage.jsonl");
        CypherExporter.WriteJsonLines(_graph, path);
        var lines = File.ReadAllLines(path);
        Assert.Equal(statements.Count, lines.Length);
        var first = JsonNode.Parse(lines[10])!;
        Assert.NotNull(first["statement"]);
        Assert.NotNull(first["parameters"]);
        CypherExporter.WriteCypherShellScript(_graph, Path.Combine(_dir, "lineage.cypher"));
        var script = File.ReadAllText(Path.Combine(_dir, "lineage.cypher"));
        Assert.Contains(":param {`id`: 'consumer:user:mallory\\' OR 1=1'", script);
    }

    [Fact]
    public void Neo4j_admin_csv_files_have_the_import_headers_and_every_node_and_edge()
    {
        var (nodes, rels) = Neo4jCsvExporter.Write(_graph, Path.Combine(_dir, "neo4j"));
        var nodeLines = File.ReadAllLines(nodes);
        Assert.Equal("id:ID,:LABEL,name,parent,first_seen:datetime,last_seen:datetime,count:long", nodeLines[0]);
        Assert.Equal(_graph.Nodes.Count + 1, nodeLines.Length);
        var relLines = File.ReadAllLines(rels);
        Assert.Equal(":START_ID,:END_ID,:TYPE,detail,first_seen:datetime,last_seen:datetime,count:long", relLines[0]);
        Assert.Equal(_graph.Edges.Count + 1, relLines.Length);
        Assert.Contains("\"column:raw.orders.amount\",\"column:staging.orders.net\",TRANSFORMS,\"Transformation\",2025-11-01T02:00:00.0000000Z,2025-11-02T02:00:00.0000000Z,2", relLines);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir, "neo4j"), "*.tmp"));
    }

    [Fact]
    public void Neo4j_csv_and_cypher_describe_the_same_graph()
    {
        // A sub-second observation and a (user) name with a line break (neo4j-admin needs --multiline-fields=true for it).
        var at = new DateTimeOffset(2025, 11, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(1_234_567);
        using var parser = new SqlLineageParser(LineageGraphTests.Catalog());
        _graph.AddStatement(parser.Parse("SELECT amount FROM raw.orders"), new(null, at, "two\nlines", "app", null, null, 1, "SELECT amount FROM raw.orders"));
        var (nodes, _) = Neo4jCsvExporter.Write(_graph, Path.Combine(_dir, "neo4j"));
        var cypher = CypherExporter.Statements(_graph).Where(s => s.Statement.StartsWith("MERGE (n:", StringComparison.Ordinal))
            .ToDictionary(s => s.Parameters["id"]!.GetValue<string>(), s => s.Parameters);
        var text = File.ReadAllText(nodes);
        var rows = 0;
        foreach (var record in AdaptiveEtl.Kit.Data.CsvRecords.Read(nodes).Skip(1))
        {
            rows++;
            var f = record.Fields;
            var p = cypher[f[0]];
            Assert.Equal(p["name"]!.GetValue<string>(), f[2]);
            Assert.Equal(p["parent"]?.GetValue<string>() ?? "", f[3]);
            // neo4j-admin stores no property for an empty unquoted field but "" for a quoted one: a null parent must be
            // the former, as Cypher's null.
            if (p["parent"] is null) Assert.Contains("," + CypherExporter.Label(_graph[f[0]].Kind) + ",\"" + f[2].Replace("\"", "\"\"") + "\",," + f[4], text);
            Assert.Equal(p["first_seen"]!.GetValue<string>(), f[4]);
            Assert.Equal(p["last_seen"]!.GetValue<string>(), f[5]);
            Assert.Equal(p["count"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture), f[6]);
        }
        Assert.Equal(cypher.Count, rows);
        // Sub-second precision survives in both: 06.1234567 seconds.
        Assert.Contains(cypher.Values, p => p["last_seen"]!.GetValue<string>() == "2025-11-03T04:05:06.1234567Z");
        Assert.Contains("2025-11-03T04:05:06.1234567Z", File.ReadAllText(nodes));
        Assert.Contains(cypher.Values, p => p["name"]!.GetValue<string>() == "two\nlines");
    }

    [Fact]
    public void Kit_events_round_trip_through_json_into_the_graph()
    {
        var ev = new OpenLineageEventBuilder("adaptive-etl-kit", "orders_daily", "duckdb://warehouse")
            .Input("raw.orders")
            .Map("staging.orders.net", DependencyKind.Transformation, "raw.orders.amount", "raw.orders.discount")
            .Map("staging.orders.net", DependencyKind.Filter, "raw.orders.ts")
            .Build("COMPLETE", LineageGraphTests.Day1, "5f2c1c9e-0d7a-4a5e-9a51-1c3c7a0b9f00");
        var json = ev.ToJson();
        using (var doc = JsonDocument.Parse(json))
        {
            var root = doc.RootElement;
            Assert.Equal("COMPLETE", root.GetProperty("eventType").GetString());
            Assert.Equal("5f2c1c9e-0d7a-4a5e-9a51-1c3c7a0b9f00", root.GetProperty("run").GetProperty("runId").GetString());
            var fields = root.GetProperty("outputs")[0].GetProperty("facets").GetProperty("columnLineage").GetProperty("fields").GetProperty("net").GetProperty("inputFields");
            Assert.Equal(3, fields.GetArrayLength());
            Assert.Equal("INDIRECT", fields[2].GetProperty("transformations")[0].GetProperty("type").GetString());
            Assert.Equal("FILTER", fields[2].GetProperty("transformations")[0].GetProperty("subtype").GetString());
        }
        var graph = new LineageGraph();
        OpenLineageGraph.Add(graph, OpenLineageEvent.Parse(json));
        Assert.Equal(new[] { "raw.orders.amount", "raw.orders.discount" }, graph.Provenance(ColumnRef.Parse("staging.orders.net")).Select(c => c.ToString()));
        Assert.Contains(graph.Edges, e => e.Source == "column:raw.orders.ts" && e.Kind == LineageEdgeKind.DependsOn && e.Detail == "Filter");
        Assert.Contains(graph.Edges, e => e.Source == "process:job:adaptive-etl-kit/orders_daily" && e.Target == "dataset:staging.orders");
    }

    [Fact]
    public void Events_from_other_tools_are_ingested_and_unknown_facets_kept()
    {
        // Shaped like the OpenLineage spec's column-lineage example (spec 2-0-2, ColumnLineageDatasetFacet 1-2-0).
        const string json = """
        {"eventType":"COMPLETE","eventTime":"2025-11-05T03:00:00Z","producer":"https://github.com/OpenLineage/OpenLineage/tree/1.0.0/integration/spark",
         "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
         "run":{"runId":"0176a8c2-fe01-7439-87e6-56a1a1b4029f"},"job":{"namespace":"spark","name":"enrich_customers"},
         "inputs":[{"namespace":"s3://lake","name":"raw.customers"}],
         "outputs":[{"namespace":"s3://lake","name":"curated.customers","facets":{
            "dataQualityMetrics":{"_producer":"x","_schemaURL":"y","rowCount":10},
            "columnLineage":{"_producer":"x","_schemaURL":"y","fields":{
              "country_code":{"inputFields":[{"namespace":"s3://lake","name":"raw.customers","field":"country","transformations":[{"type":"DIRECT","subtype":"TRANSFORMATION","description":"upper","masking":false}]}]},
              "email_hash":{"inputFields":[{"namespace":"s3://lake","name":"raw.customers","field":"email","transformations":[{"type":"DIRECT","subtype":"TRANSFORMATION","masking":true}]}]}}}}}]}
        """;
        var path = Path.Combine(_dir, "events.jsonl");
        File.WriteAllText(path, json.ReplaceLineEndings("") + "\n");
        var ev = Assert.Single(OpenLineageEvent.ReadFile(path));
        Assert.True(ev.Outputs[0].Facets!.Other!.ContainsKey("dataQualityMetrics"));
        Assert.Contains("dataQualityMetrics", ev.ToJson());
        var graph = new LineageGraph();
        OpenLineageGraph.Add(graph, ev);
        Assert.Equal(new[] { "raw.customers.email" }, graph.Provenance(ColumnRef.Parse("curated.customers.email_hash")).Select(c => c.ToString()));
        var ex = Assert.Throws<KitDataException>(() => OpenLineageEvent.Parse("{\"eventTime\":\"2025-11-05T03:00:00Z\",\"run\":{\"runId\":\"1\"},\"job\":{}}", "e.json"));
        Assert.Contains("job.namespace", ex.Message);
    }

    [Fact]
    public void Graph_runs_export_as_openlineage_events_that_rebuild_the_column_edges()
    {
        var events = OpenLineageGraph.ToEvents(_graph);
        // Three writing statements (INSERT, CTAS, VIEW): one event each.
        Assert.Equal(3, events.Count);
        var rebuilt = new LineageGraph();
        foreach (var e in events) OpenLineageGraph.Add(rebuilt, OpenLineageEvent.Parse(e.ToJson()));
        string Key(LineageEdge e) => $"{e.Source}>{e.Target}:{e.Detail}";
        var expected = _graph.Edges.Where(e => e.Kind is LineageEdgeKind.Transforms or LineageEdgeKind.DependsOn && e.Source.StartsWith("column:")).Select(Key).Order().ToList();
        var actual = rebuilt.Edges.Where(e => e.Kind is LineageEdgeKind.Transforms or LineageEdgeKind.DependsOn && e.Source.StartsWith("column:")).Select(Key).Order().ToList();
        Assert.Equal(expected, actual);
        Assert.Equal(OpenLineageGraph.ToEvents(_graph).Select(e => e.ToJson()), events.Select(e => e.ToJson()));
    }

    [Fact]
    public void Each_job_writing_a_shared_dataset_carries_only_its_own_column_lineage()
    {
        // Two jobs load mart.sales from different sources; before, each event carried both jobs' column edges.
        var catalog = new LineageCatalog();
        catalog.Add("shop.orders", ["id", "amount"]);
        catalog.Add("pos.tickets", ["ticket", "total"]);
        catalog.Add("mart.sales", ["sale_id", "value"]);
        using var parser = new SqlLineageParser(catalog);
        var graph = new LineageGraph();
        graph.AddStatement(parser.Parse("INSERT INTO mart.sales (sale_id, value) SELECT id, amount FROM shop.orders"));
        graph.AddStatement(parser.Parse("INSERT INTO mart.sales (sale_id, value) SELECT ticket, total FROM pos.tickets"));

        var events = OpenLineageGraph.ToEvents(graph);

        Assert.Equal(2, events.Count);
        foreach (var e in events)
        {
            var input = Assert.Single(e.Inputs).Name;
            var fields = e.Outputs.Single().Facets!.ColumnLineage!.Fields;
            var sources = fields.Values.SelectMany(f => f.InputFields).Select(i => i.Name).Distinct().ToList();
            Assert.Equal([input], sources); // only the job's own input feeds its columns
            Assert.Equal(["sale_id", "value"], fields.Keys.Order());
        }
    }

    /// <summary>Two jobs that both read shop.orders write mart.sales, one as a copy, one joined with pos.tickets and filtered.</summary>
    internal static LineageGraph SharedTargetGraph(out string copyJob, out string joinJob)
    {
        var catalog = new LineageCatalog();
        catalog.Add("shop.orders", ["id", "amount"]);
        catalog.Add("pos.tickets", ["ticket", "total"]);
        catalog.Add("mart.sales", ["sale_id", "value"]);
        using var parser = new SqlLineageParser(catalog);
        var graph = new LineageGraph();
        const string copy = "INSERT INTO mart.sales (sale_id, value) SELECT id, amount FROM shop.orders";
        const string join = "INSERT INTO mart.sales (sale_id, value) SELECT t.ticket, o.amount + t.total FROM shop.orders o JOIN pos.tickets t ON t.ticket = o.id WHERE o.amount > 0";
        graph.AddStatement(parser.Parse(copy), at: LineageGraphTests.Day1);
        graph.AddStatement(parser.Parse(join), at: LineageGraphTests.Day2);
        copyJob = "query:" + LineageGraph.StatementKey(copy);
        joinJob = "query:" + LineageGraph.StatementKey(join);
        return graph;
    }

    /// <summary>Each output field's inputs as "field ← table.column TYPE/SUBTYPE", sorted.</summary>
    internal static List<string> Mapping(OpenLineageEvent e) =>
        e.Outputs.SelectMany(o => o.Facets?.ColumnLineage?.Fields ?? new())
            .SelectMany(f => f.Value.InputFields.SelectMany(i => (i.Transformations ?? []).Select(t => $"{f.Key} ← {i.Name}.{i.Field} {t.Type}/{t.Subtype}")))
            .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Jobs_sharing_a_source_and_a_target_each_export_exactly_their_own_edges()
    {
        // Both jobs read shop.orders.amount and write mart.sales.value: the old rule ("edges whose source the job reads")
        // gave the copy job the other job's TRANSFORMATION and FILTER edges too.
        var graph = SharedTargetGraph(out var copyJob, out var joinJob);

        var events = OpenLineageGraph.ToEvents(graph).ToDictionary(e => e.Job.Name);

        Assert.Equal(2, events.Count);
        var copy = events[copyJob];
        Assert.Equal(["shop.orders"], copy.Inputs.Select(i => i.Name));
        Assert.Equal(["sale_id ← shop.orders.id DIRECT/IDENTITY", "value ← shop.orders.amount DIRECT/IDENTITY"], Mapping(copy));
        var join = events[joinJob];
        Assert.Equal(["pos.tickets", "shop.orders"], join.Inputs.Select(i => i.Name).Order());
        Assert.Equal(
        [
            "sale_id ← pos.tickets.ticket DIRECT/IDENTITY",
            "sale_id ← pos.tickets.ticket INDIRECT/JOIN", // projected join key: value and indirect
            "sale_id ← shop.orders.amount INDIRECT/FILTER",
            "sale_id ← shop.orders.id INDIRECT/JOIN",
            "value ← pos.tickets.ticket INDIRECT/JOIN",
            "value ← pos.tickets.total DIRECT/TRANSFORMATION",
            "value ← shop.orders.amount DIRECT/TRANSFORMATION",
            "value ← shop.orders.amount INDIRECT/FILTER", // filtered and summed: value and indirect
            "value ← shop.orders.id INDIRECT/JOIN",
        ], Mapping(join));
        // The graph still holds one shared edge per (source, target, kind): attribution does not duplicate edges.
        Assert.Single(graph.Edges, e => e.Source == "column:shop.orders.amount" && e.Target == "column:mart.sales.value" && e.Detail == "DirectCopy");
    }

    [Fact]
    public void A_column_that_is_value_and_indirect_keeps_both_roles_in_graph_and_events()
    {
        var catalog = new LineageCatalog();
        catalog.Add("staging.orders", ["order_date", "amount", "status"]);
        catalog.Add("mart.daily", ["day", "revenue"]);
        using var parser = new SqlLineageParser(catalog);
        // order_date is the projected value of day and the GROUP BY key of every output column.
        var s = parser.Parse("INSERT INTO mart.daily (day, revenue) SELECT order_date, sum(amount) FROM staging.orders WHERE status = 'paid' GROUP BY 1");
        var day = ColumnRef.Parse("mart.daily.day");
        var orderDate = ColumnRef.Parse("staging.orders.order_date");
        Assert.Equal([DependencyKind.DirectCopy, DependencyKind.GroupKey], s.Edges.Where(e => e.Source == orderDate && e.Target == day).Select(e => e.Kind).Order());

        var graph = new LineageGraph();
        graph.AddStatement(s, at: LineageGraphTests.Day1);
        string Roles(LineageGraph g) => string.Join(", ", g.Incoming("column:mart.daily.day").Where(e => e.Source == "column:staging.orders.order_date")
            .Select(e => $"{e.Kind}:{e.Detail}").Order(StringComparer.Ordinal));
        Assert.Equal("DependsOn:GroupKey, Transforms:DirectCopy", Roles(graph));

        var ev = Assert.Single(OpenLineageGraph.ToEvents(graph));
        var input = ev.Outputs.Single().Facets!.ColumnLineage!.Fields["day"].InputFields.Single(i => i.Field == "order_date");
        Assert.Equal(["DIRECT/IDENTITY", "INDIRECT/GROUP_BY"], input.Transformations!.Select(t => $"{t.Type}/{t.Subtype}"));
        // The builder keeps both too, and the event rebuilds both edges.
        var built = new OpenLineageEventBuilder("kit", "daily").Statement(s).Build("COMPLETE", LineageGraphTests.Day1);
        Assert.Equal(2, built.Outputs.Single().Facets!.ColumnLineage!.Fields["day"].InputFields.Single(i => i.Field == "order_date").Transformations!.Count);
        var rebuilt = new LineageGraph();
        OpenLineageGraph.Add(rebuilt, OpenLineageEvent.Parse(ev.ToJson()));
        Assert.Equal(Roles(graph), Roles(rebuilt));
    }

    [Fact]
    public void View_layers_follow_the_flow_and_the_html_is_self_contained()
    {
        var view = LineageGraphView.Columns(_graph);
        // Every column that has a column edge is drawn; each value/indirect edge goes left to right (the graph is acyclic).
        var columnEdges = _graph.Edges.Where(e => e.Kind is LineageEdgeKind.Transforms or LineageEdgeKind.DependsOn && e.Source.StartsWith("column:") && e.Target.StartsWith("column:")).ToList();
        Assert.Equal(columnEdges.Count, view.EdgeCount);
        foreach (var e in columnEdges) Assert.True(view.Layout[e.Source].X < view.Layout[e.Target].X, $"{e.Source} → {e.Target}");
        // Barycenter ordering keeps positions distinct within a layer.
        Assert.Equal(view.Layout.Count, view.Layout.Values.Distinct().Count());
        var html = view.ToHtml();
        Assert.StartsWith("<div", html);
        Assert.Contains("<svg", html);
        Assert.Contains("addEventListener('wheel'", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("https://", html);
        var tables = LineageGraphView.Tables(_graph);
        Assert.True(tables.Layout["dataset:raw.orders"].X < tables.Layout["dataset:staging.orders"].X);
        Assert.True(tables.Layout["dataset:staging.orders"].X < tables.Layout["dataset:mart.daily"].X);
        Assert.Contains("consumer:user:alice", tables.Layout.Keys);
    }
}
