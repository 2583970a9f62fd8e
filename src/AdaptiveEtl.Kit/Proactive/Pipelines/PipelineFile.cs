using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// The file format of a <see cref="PipelineDefinition"/>:
/// <c>{"name": "...", "sources": ["..."], "steps": [{"name", "kind": "sql"|"csharp", "mode": "holistic"|"row_wise",
/// "inputs": [...], "output", "sql" | "function", "version", "columns": [{"name", "type"}]}]}</c>.
/// Read field by field (rather than deserialised) so that an error names the step and field.
/// </summary>
internal static class PipelineFile
{
    public static JsonObject ToJson(PipelineDefinition d) => new()
    {
        ["name"] = d.Name,
        ["sources"] = new JsonArray(d.Sources.Select(s => (JsonNode?)s).ToArray()),
        ["steps"] = new JsonArray(d.Steps.Select(s =>
        {
            var o = new JsonObject
            {
                ["name"] = s.Name,
                ["kind"] = s.Kind == StepKind.Sql ? "sql" : "csharp",
                ["mode"] = s.Mode == StepMode.RowWise ? "row_wise" : "holistic",
                ["inputs"] = new JsonArray(s.Inputs.Select(i => (JsonNode?)i).ToArray()),
                ["output"] = s.Output,
            };
            if (s.Kind == StepKind.Sql) o["sql"] = s.Sql;
            else
            {
                o["function"] = s.Function;
                if (s.Version is not null) o["version"] = s.Version;
                o["columns"] = new JsonArray(s.Columns.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["type"] = c.SqlType }).ToArray());
            }
            return (JsonNode?)o;
        }).ToArray()),
    };

    public static PipelineDefinition FromJson(string json, IReadOnlyDictionary<string, BatchTransform>? functions, string source)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new KitDataException($"not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message}", source, inner: e); }
        return FromNode(root, functions, source);
    }

    /// <summary>Reads the same document written in YAML (parsed by YamlDotNet into the JSON object model; every scalar is text).</summary>
    public static PipelineDefinition FromYaml(string yaml, IReadOnlyDictionary<string, BatchTransform>? functions, string source)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlDotNet.Core.YamlException e) { throw new KitDataException($"not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}", source, inner: e); }
        if (stream.Documents.Count != 1) throw new KitDataException($"expected one YAML document, found {stream.Documents.Count}.", source);
        return FromNode(ToJson(stream.Documents[0].RootNode), functions, source);
    }

    private static JsonNode? ToJson(YamlDotNet.RepresentationModel.YamlNode node) => node switch
    {
        YamlDotNet.RepresentationModel.YamlMappingNode m => new JsonObject(m.Children.Select(kv =>
            KeyValuePair.Create(((YamlDotNet.RepresentationModel.YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlDotNet.RepresentationModel.YamlSequenceNode q => new JsonArray(q.Children.Select(ToJson).ToArray()),
        YamlDotNet.RepresentationModel.YamlScalarNode { Value: var v } scalar =>
            scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && v is "" or "~" or "null" or null ? null : JsonValue.Create(v),
        _ => null,
    };

    private static PipelineDefinition FromNode(JsonNode? root, IReadOnlyDictionary<string, BatchTransform>? functions, string source)
    {
        if (root is not JsonObject obj) throw new KitDataException("expected a JSON object with 'name', 'sources' and 'steps'.", source);
        var name = Text(obj, "name", source, required: true)!;
        var sources = Strings(obj, "sources", source);
        if (obj["steps"] is not JsonArray steps) throw new KitDataException("expected 'steps' to be an array of step objects.", source, "steps");
        var list = new List<PipelineStep>();
        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not JsonObject s) throw new KitDataException($"steps[{i}] is not an object.", source, "steps");
            var stepName = Text(s, "name", $"{source}, steps[{i}]", required: true)!;
            var where = $"{source}, step '{stepName}'";
            var kind = (Text(s, "kind", where) ?? "sql").ToLowerInvariant() switch
            {
                "sql" => StepKind.Sql,
                "csharp" or "c#" => StepKind.CSharp,
                var k => throw new KitDataException($"kind '{k}' is not 'sql' or 'csharp'.", where, "kind"),
            };
            var mode = (Text(s, "mode", where) ?? (kind == StepKind.Sql ? "holistic" : "row_wise")).ToLowerInvariant() switch
            {
                "holistic" => StepMode.Holistic,
                "row_wise" or "rowwise" => StepMode.RowWise,
                var m => throw new KitDataException($"mode '{m}' is not 'holistic' or 'row_wise'.", where, "mode"),
            };
            var inputs = Strings(s, "inputs", where);
            var output = Text(s, "output", where, required: true)!;
            if (kind == StepKind.Sql)
            {
                list.Add(new PipelineStep(stepName, kind, mode, inputs, output, Text(s, "sql", where, required: true), null, null, null, null));
                continue;
            }
            var function = Text(s, "function", where) ?? stepName;
            if (functions is null || !functions.TryGetValue(function, out var transform))
                throw new KitDataException($"function '{function}' is not among the supplied C# step functions ({(functions is null || functions.Count == 0 ? "none supplied" : string.Join(", ", functions.Keys))}).", where, "function");
            if (s["columns"] is not JsonArray cols) throw new KitDataException("a C# step needs 'columns': [{\"name\", \"type\"}].", where, "columns");
            var columns = new List<StepColumn>();
            for (int c = 0; c < cols.Count; c++)
            {
                if (cols[c] is not JsonObject co) throw new KitDataException($"columns[{c}] is not an object.", where, "columns");
                columns.Add(new StepColumn(Text(co, "name", $"{where}, columns[{c}]", required: true)!, Text(co, "type", $"{where}, columns[{c}]", required: true)!));
            }
            list.Add(new PipelineStep(stepName, kind, mode, inputs, output, null, transform, columns, function, Text(s, "version", where)));
        }
        return PipelineDefinition.Build(name, sources, list).Validate();
    }

    private static string? Text(JsonObject o, string field, string where, bool required = false)
    {
        var node = o[field];
        if (node is null)
            return required ? throw new KitDataException($"missing '{field}'.", where, field) : null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw new KitDataException($"expected '{field}' to be a string, found {node.GetValueKind()}.", where, field);
    }

    private static List<string> Strings(JsonObject o, string field, string where)
    {
        var node = o[field];
        if (node is null) return [];
        if (node is not JsonArray a) throw new KitDataException($"expected '{field}' to be an array of strings.", where, field);
        return a.Select((n, i) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s
            : throw new KitDataException($"{field}[{i}] is not a string.", where, field)).ToList();
    }
}
