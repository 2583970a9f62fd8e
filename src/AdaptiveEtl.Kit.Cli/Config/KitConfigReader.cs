using AdaptiveEtl.Kit.Data;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// Reads a <c>kit.yaml</c> (YAML, or JSON, which YamlDotNet reads as YAML flow syntax) into a <see cref="KitConfig"/>.
/// Every error is a <see cref="KitDataException"/> naming the file, the line, the key path (<c>drift[0].reference</c>)
/// and what was expected; unknown keys are errors (a typo never silently drops a setting).
/// </summary>
public static class KitConfigReader
{
    /// <summary>Reads and validates the config file at <paramref name="path"/>.</summary>
    /// <exception cref="KitDataException">The file is missing, not YAML/JSON, or does not match the expected layout.</exception>
    public static KitConfig Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new KitDataException("config file not found; `kit init` writes an example kit.yaml.", full);
        return Parse(File.ReadAllText(full), full);
    }

    /// <summary>Parses config text; <paramref name="path"/> names it in errors and anchors relative paths.</summary>
    public static KitConfig Parse(string text, string path)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            throw new KitDataException($"not valid YAML or JSON (column {e.Start.Column}): {e.Message}", path, line: e.Start.Line);
        }
        if (stream.Documents.Count != 1) throw new KitDataException($"expected one YAML document, found {stream.Documents.Count}.", path);
        var r = new Context(path, System.IO.Path.GetDirectoryName(path)!);
        var root = r.Map(stream.Documents[0].RootNode, "(top level)", "work, report, fail_on_drift, history, drift, lineage, schema, proactive, openlineage");
        r.Keys(root, "", "work", "report", "fail_on_drift", "history", "drift", "lineage", "schema", "proactive", "openlineage");
        var history = r.Get(root, "history") is { } h ? History(r, h) : null;
        var drift = new List<DriftDatasetConfig>();
        if (r.Get(root, "drift") is { } d)
        {
            var seq = r.Seq(d, "drift", "a list of datasets, each with name, reference, current");
            for (int i = 0; i < seq.Children.Count; i++) drift.Add(Dataset(r, seq.Children[i], $"drift[{i}]"));
            var dup = drift.GroupBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw r.Error(seq, "drift", $"dataset name '{dup.Key}' appears {dup.Count()} times; names must be unique");
        }
        var lineage = r.Get(root, "lineage") is { } l ? Lineage(r, l) : null;
        var schema = r.Get(root, "schema") is { } s ? Schema(r, s) : null;
        var proactive = r.Get(root, "proactive") is { } p ? Proactive(r, p) : null;
        var openLineage = r.Get(root, "openlineage") is { } ol ? OpenLineage(r, ol) : null;
        return new KitConfig(path, r.OptionalPath(root, "work", "", mustExist: false), r.OptionalPath(root, "report", "", mustExist: false),
            r.Bool(root, "fail_on_drift", "") ?? false, history, drift, lineage, schema, proactive, openLineage);
    }

    private static HistoryConfig History(Context r, YamlNode node)
    {
        var m = r.Map(node, "history", "runs, pipelines, holidays, max_runs");
        r.Keys(m, "history", "runs", "pipelines", "holidays", "max_runs");
        var runsNode = r.Get(m, "runs") ?? throw r.Error(m, "history", "missing 'runs': the run-history source(s) (a CSV path, or {duckdb|postgres: ..., table: ...})");
        var sources = runsNode is YamlSequenceNode seq
            ? seq.Children.Select((c, i) => Source(r, c, $"history.runs[{i}]")).ToList()
            : [Source(r, runsNode, "history.runs")];
        if (sources.Count == 0) throw r.Error(runsNode, "history.runs", "expected at least one run-history source");
        var maxRuns = r.Int(m, "max_runs", "history");
        if (maxRuns is < 2) throw r.Error(m["max_runs"], "history.max_runs", $"expected a whole number of at least 2, found {maxRuns}");
        return new HistoryConfig(sources, r.Strings(m, "pipelines", "history"), r.OptionalPath(m, "holidays", "history", mustExist: true), maxRuns);
    }

    private static DriftDatasetConfig Dataset(Context r, YamlNode node, string at)
    {
        var m = r.Map(node, at, "name, reference, current, columns");
        r.Keys(m, at, "name", "reference", "current", "columns");
        var name = r.String(m, "name", at) ?? throw r.Error(m, at, "missing 'name'");
        var reference = Source(r, r.Get(m, "reference") ?? throw r.Error(m, at, "missing 'reference': the reference batch"), $"{at}.reference");
        var current = Source(r, r.Get(m, "current") ?? throw r.Error(m, at, "missing 'current': the batch to check"), $"{at}.current");
        var roles = ColumnRoles.None;
        if (r.Get(m, "columns") is { } c)
        {
            var cm = r.Map(c, $"{at}.columns", "id, timestamp, target, ignored, infer_ids");
            r.Keys(cm, $"{at}.columns", "id", "timestamp", "target", "ignored", "infer_ids");
            roles = new ColumnRoles(r.Strings(cm, "id", $"{at}.columns"), r.String(cm, "timestamp", $"{at}.columns"),
                r.String(cm, "target", $"{at}.columns"), r.Strings(cm, "ignored", $"{at}.columns"), r.Bool(cm, "infer_ids", $"{at}.columns") ?? true);
            var twice = roles.Declared().GroupBy(x => x.Column, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null) throw r.Error(cm, $"{at}.columns", $"column '{twice.Key}' has several roles ({string.Join(", ", twice.Select(x => x.Role))}); give it one");
        }
        return new DriftDatasetConfig(name, reference, current, roles, r.Where(m, at));
    }

    private static LineageConfig Lineage(Context r, YamlNode node)
    {
        var m = r.Map(node, "lineage", "query_log, catalog");
        r.Keys(m, "lineage", "query_log", "catalog");
        var logNode = r.Get(m, "query_log") ?? throw r.Error(m, "lineage", "missing 'query_log': a query-log CSV path or a list of them");
        var logs = logNode is YamlSequenceNode
            ? r.Strings(m, "query_log", "lineage").Select((p, i) => r.ExistingFile(((YamlSequenceNode)logNode).Children[i], $"lineage.query_log[{i}]", p)).ToList()
            : [r.OptionalPath(m, "query_log", "lineage", mustExist: true)!];
        return new LineageConfig(logs, r.OptionalPath(m, "catalog", "lineage", mustExist: true));
    }

    private static SchemaConfig Schema(Context r, YamlNode node)
    {
        var m = r.Map(node, "schema", "workload_log, access_log, catalog, profiles, min_risk, threshold");
        r.Keys(m, "schema", "workload_log", "access_log", "catalog", "profiles", "min_risk", "threshold");
        string Required(string key) => r.OptionalPath(m, key, "schema", mustExist: true) ?? throw r.Error(m, "schema", $"missing '{key}'");
        var minRisk = r.Double(m, "min_risk", "schema") ?? 0.5;
        if (minRisk is < 0 or > 1) throw r.Error(m["min_risk"], "schema.min_risk", $"expected a probability between 0 and 1, found {minRisk.ToString(CultureInfo.InvariantCulture)}");
        var threshold = r.Double(m, "threshold", "schema") ?? 4.0;
        if (!(threshold > 1)) throw r.Error(m["threshold"], "schema.threshold", $"expected a latency multiple above 1, found {threshold.ToString(CultureInfo.InvariantCulture)}");
        return new SchemaConfig(Required("workload_log"), Required("access_log"), Required("catalog"), Required("profiles"), minRisk, threshold);
    }

    private static OpenLineageConfig OpenLineage(Context r, YamlNode node)
    {
        var m = r.Map(node, "openlineage", "url or file, api_key, namespace");
        r.Keys(m, "openlineage", "url", "file", "api_key", "namespace");
        var url = r.String(m, "url", "openlineage");
        var file = r.OptionalPath(m, "file", "openlineage", mustExist: false);
        if ((url is null) == (file is null)) throw r.Error(m, "openlineage", "expected exactly one of 'url' (an OpenLineage HTTP backend) and 'file' (a JSON-lines file)");
        Uri? uri = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            throw r.Error(m["url"], "openlineage.url", $"expected an http(s) URL such as http://marquez:5000, found '{url}'");
        var key = r.String(m, "api_key", "openlineage");
        if (key is not null && uri is null) throw r.Error(m["api_key"], "openlineage.api_key", "an API key applies to 'url' only");
        key ??= uri is null ? null : Environment.GetEnvironmentVariable(OpenLineageConfig.ApiKeyVariable) is { Length: > 0 } k ? k : null;
        var ns = r.String(m, "namespace", "openlineage") ?? OpenLineageConfig.DefaultNamespace;
        if (string.IsNullOrWhiteSpace(ns)) throw r.Error(m["namespace"], "openlineage.namespace", "expected a job namespace");
        return new OpenLineageConfig(uri, key, file, ns);
    }

    private static ProactiveConfig Proactive(Context r, YamlNode node)
    {
        var m = r.Map(node, "proactive", "replay_triggers, pipelines");
        r.Keys(m, "proactive", "replay_triggers", "pipelines");
        var replay = r.Int(m, "replay_triggers", "proactive") ?? ProactiveConfig.DefaultReplayTriggers;
        if (replay is < 0 or > 1000) throw r.Error(m["replay_triggers"], "proactive.replay_triggers", $"expected a whole number from 0 (no replay) to 1000, found {replay}");
        var pipelines = new List<WatchedPipelineConfig>();
        if (r.Get(m, "pipelines") is { } list)
        {
            var seq = r.Seq(list, "proactive.pipelines", "a list of pipelines, each with name and source (a landing-zone folder)");
            for (int i = 0; i < seq.Children.Count; i++)
            {
                var at = $"proactive.pipelines[{i}]";
                var pm = r.Map(seq.Children[i], at, "name, source, target");
                r.Keys(pm, at, "name", "source", "target");
                var name = r.String(pm, "name", at) ?? throw r.Error(pm, at, "missing 'name': the pipeline as named in the run history");
                var folder = r.ExistingFolder(r.Get(pm, "source") ?? throw r.Error(pm, at, "missing 'source': the pipeline's landing-zone folder"), $"{at}.source");
                var target = r.String(pm, "target", at) ?? name;
                if (string.IsNullOrWhiteSpace(target)) throw r.Error(pm, $"{at}.target", "expected a table name");
                pipelines.Add(new WatchedPipelineConfig(name, folder, target, r.Where(pm, at)));
            }
            var dup = pipelines.GroupBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw r.Error(seq, "proactive.pipelines", $"pipeline '{dup.Key}' appears {dup.Count()} times; each pipeline is watched once");
            var sharedTarget = pipelines.GroupBy(x => x.Target, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (sharedTarget is not null) throw r.Error(seq, "proactive.pipelines", $"target '{sharedTarget.Key}' is the target of {string.Join(" and ", sharedTarget.Select(x => x.Name))}; give each pipeline its own table");
        }
        return new ProactiveConfig(replay, pipelines);
    }

    /// <summary>A source: a file path (kind from the extension) or a one-kind mapping.</summary>
    private static TableSource Source(Context r, YamlNode node, string at)
    {
        const string Expected = "a .csv or .parquet path, or a mapping {csv: path} | {parquet: path} | {duckdb: file, table: name} | {postgres: connection string, table: name}";
        if (node is YamlScalarNode)
        {
            var text = r.Scalar(node, at, Expected);
            var ext = System.IO.Path.GetExtension(text).ToLowerInvariant();
            var kind = ext switch
            {
                ".csv" => TableSourceKind.Csv,
                ".parquet" => TableSourceKind.Parquet,
                _ => throw r.Error(node, at, $"cannot tell the format of '{text}' from its extension; expected {Expected}"),
            };
            return new TableSource(kind, r.ExistingFile(node, at, text), null, r.Where(node, at));
        }
        var m = r.Map(node, at, Expected);
        r.Keys(m, at, "csv", "parquet", "duckdb", "postgres", "table");
        var kinds = new[] { ("csv", TableSourceKind.Csv), ("parquet", TableSourceKind.Parquet), ("duckdb", TableSourceKind.DuckDb), ("postgres", TableSourceKind.Postgres) }
            .Where(k => r.Get(m, k.Item1) is not null).ToList();
        if (kinds.Count != 1) throw r.Error(m, at, $"expected exactly one of csv, parquet, duckdb, postgres, found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds.Select(k => k.Item1)))}");
        var (key, k) = kinds[0];
        var value = r.String(m, key, at)!;
        var table = r.String(m, "table", at);
        bool isTable = k is TableSourceKind.DuckDb or TableSourceKind.Postgres;
        if (isTable && string.IsNullOrWhiteSpace(table)) throw r.Error(m, at, $"a {key} source needs 'table' (optionally schema-qualified, e.g. sales.orders)");
        if (!isTable && table is not null) throw r.Error(m["table"], $"{at}.table", $"'table' applies to duckdb and postgres sources only, not to {key} files");
        if (table is not null)
        {
            try { SqlIdentifier.QuoteQualified(table); }
            catch (ArgumentException e) { throw r.Error(m["table"], $"{at}.table", $"expected 'table' or 'schema.table' (quote a part holding a dot: \"t.2025\"): {e.Message.TrimEnd('.')}"); }
        }
        var location = k == TableSourceKind.Postgres ? value : r.ExistingFile(m[key], $"{at}.{key}", value);
        return new TableSource(k, location, table, r.Where(m, at));
    }

    /// <summary>Navigation with locations: every error names the file, line and key path.</summary>
    private sealed class Context(string file, string folder)
    {
        public KitDataException Error(YamlNode node, string at, string message) =>
            new($"{(at.Length == 0 ? "" : at + ": ")}{message}.", file, line: node.Start.Line);

        public string Where(YamlNode node, string at) => $"{System.IO.Path.GetFileName(file)}, line {node.Start.Line} ({at})";

        public YamlMappingNode Map(YamlNode node, string at, string keys) => node as YamlMappingNode
            ?? throw Error(node, at, $"expected a mapping with keys {keys}, found {Describe(node)}");

        public YamlSequenceNode Seq(YamlNode node, string at, string what) => node as YamlSequenceNode
            ?? throw Error(node, at, $"expected {what}, found {Describe(node)}");

        public void Keys(YamlMappingNode m, string at, params string[] allowed)
        {
            foreach (var (k, _) in m.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name, StringComparer.Ordinal))
                    throw Error(k, at, $"unknown key '{name}'; expected one of {string.Join(", ", allowed)}");
            }
        }

        public YamlNode? Get(YamlMappingNode m, string key) =>
            m.Children.TryGetValue(new YamlScalarNode(key), out var v) && !IsNull(v) ? v : null;

        public string Scalar(YamlNode node, string at, string expected) => node is YamlScalarNode { Value: { } v } && !IsNull(node)
            ? v : throw Error(node, at, $"expected {expected}, found {Describe(node)}");

        public string? String(YamlMappingNode m, string key, string at) =>
            Get(m, key) is { } v ? Scalar(v, Join(at, key), "a string") : null;

        public bool? Bool(YamlMappingNode m, string key, string at)
        {
            if (Get(m, key) is not { } v) return null;
            var s = Scalar(v, Join(at, key), "true or false");
            return s.ToLowerInvariant() switch
            {
                "true" or "yes" => true,
                "false" or "no" => false,
                _ => throw Error(v, Join(at, key), $"expected true or false, found '{s}'"),
            };
        }

        public int? Int(YamlMappingNode m, string key, string at)
        {
            if (Get(m, key) is not { } v) return null;
            var s = Scalar(v, Join(at, key), "a whole number");
            return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
                : throw Error(v, Join(at, key), $"expected a whole number, found '{s}'");
        }

        public double? Double(YamlMappingNode m, string key, string at)
        {
            if (Get(m, key) is not { } v) return null;
            var s = Scalar(v, Join(at, key), "a number");
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n
                : throw Error(v, Join(at, key), $"expected a number, found '{s}'");
        }

        public List<string> Strings(YamlMappingNode m, string key, string at)
        {
            if (Get(m, key) is not { } v) return [];
            if (v is YamlScalarNode) return [Scalar(v, Join(at, key), "a string or a list of strings")];
            var seq = Seq(v, Join(at, key), "a string or a list of strings");
            return seq.Children.Select((c, i) => Scalar(c, $"{Join(at, key)}[{i}]", "a string")).ToList();
        }

        public string? OptionalPath(YamlMappingNode m, string key, string at, bool mustExist)
        {
            if (Get(m, key) is not { } v) return null;
            var text = Scalar(v, Join(at, key), "a path");
            return mustExist ? ExistingFile(v, Join(at, key), text) : Resolve(text);
        }

        public string ExistingFile(YamlNode node, string at, string text)
        {
            var full = Resolve(text);
            return File.Exists(full) ? full : throw Error(node, at, $"file '{text}' not found (looked for {full})");
        }

        public string ExistingFolder(YamlNode node, string at)
        {
            var text = Scalar(node, at, "a folder path");
            var full = Resolve(text);
            return Directory.Exists(full) ? full : throw Error(node, at, $"folder '{text}' not found (looked for {full})");
        }

        private string Resolve(string text) => System.IO.Path.GetFullPath(text, folder);

        private static string Join(string at, string key) => at.Length == 0 ? key : $"{at}.{key}";

        private static bool IsNull(YamlNode node) =>
            node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            YamlScalarNode s when IsNull(s) => "nothing",
            YamlScalarNode s => $"'{s.Value}'",
            _ => node.NodeType.ToString(),
        };
    }
}
