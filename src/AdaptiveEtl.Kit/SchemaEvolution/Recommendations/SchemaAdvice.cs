using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Reporting;
using AdaptiveEtl.Kit.SchemaEvolution.Ddl;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>The ranked recommendations of a <see cref="SchemaAdvisor"/> run: an HTML table for notebooks, JSON for scripts.</summary>
public sealed class SchemaAdvice : IHtmlReportable
{
    /// <summary>Creates the advice from ranked recommendations.</summary>
    public SchemaAdvice(IReadOnlyList<SchemaRecommendation> recommendations) => Recommendations = recommendations ?? throw new ArgumentNullException(nameof(recommendations));

    /// <summary>The recommendations, best first.</summary>
    public IReadOnlyList<SchemaRecommendation> Recommendations { get; }

    /// <summary>
    /// JSON: <c>{"recommendations": [{"id", "kind", "table": {"schema", "name"}, "columns", "options", "evidence", "expected_gain",
    /// "estimated_storage_bytes", "risk", "rationale", "ddl": {"postgresql": [...], "duckdb": [...]}}]}</c>; the DDL is the
    /// apply script per engine (absent for an engine that has no equivalent).
    /// </summary>
    public string ToJson()
    {
        var list = new JsonArray();
        foreach (var r in Recommendations)
        {
            var ddl = new JsonObject();
            foreach (var (dialect, key) in new[] { (DdlDialect.PostgreSql, "postgresql"), (DdlDialect.DuckDb, "duckdb") })
                if (SchemaChangeDdl.Supports(r, dialect)) ddl[key] = new JsonArray(SchemaChangeDdl.Generate(r, dialect).Forward.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            list.Add(new JsonObject
            {
                ["id"] = r.Id,
                ["kind"] = r.Kind.ToString(),
                ["table"] = new JsonObject { ["schema"] = r.Table.Schema, ["name"] = r.Table.Name },
                ["columns"] = new JsonArray(r.Columns.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
                ["options"] = new JsonObject(r.Options.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
                ["evidence"] = new JsonArray(r.Evidence.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray()),
                ["expected_gain"] = r.ExpectedGain,
                ["estimated_storage_bytes"] = r.EstimatedStorageBytes,
                ["risk"] = r.Risk.ToString(),
                ["rationale"] = r.Rationale,
                ["ddl"] = ddl,
            });
        }
        return new JsonObject { ["recommendations"] = list }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads the JSON written by <see cref="ToJson"/> (the <c>ddl</c> part is ignored: it is re-rendered from the data).</summary>
    /// <exception cref="KitDataException">The text is not such JSON (the failing recommendation and field are named).</exception>
    public static SchemaAdvice FromJson(string json, string source = "recommendations JSON")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException e) { throw new KitDataException($"is not JSON: {e.Message}", source, inner: e); }
        if (root?["recommendations"] is not JsonArray items) throw new KitDataException("has no 'recommendations' array.", source);
        var result = new List<SchemaRecommendation>();
        int i = 0;
        foreach (var item in items)
        {
            string where = $"recommendation {i}";
            try
            {
                var o = item as JsonObject ?? throw new KitDataException($"{where} is not an object.", source);
                string Str(string field) => o[field]?.GetValue<string>() ?? throw new KitDataException($"{where}: field '{field}' is missing.", source, field);
                var kind = Enum.TryParse<RecommendationKind>(Str("kind"), out var k) ? k : throw new KitDataException($"{where}: kind '{Str("kind")}' is unknown; expected one of {string.Join(", ", Enum.GetNames<RecommendationKind>())}.", source, "kind");
                var risk = Enum.TryParse<RecommendationRisk>(Str("risk"), out var rk) ? rk : throw new KitDataException($"{where}: risk '{Str("risk")}' is unknown; expected Low, Medium or High.", source, "risk");
                var table = o["table"] as JsonObject ?? throw new KitDataException($"{where}: field 'table' is missing.", source, "table");
                result.Add(new SchemaRecommendation(Str("id"), kind,
                    new QualifiedTable(table["schema"]?.GetValue<string>(), table["name"]?.GetValue<string>() ?? throw new KitDataException($"{where}: table has no name.", source, "table")),
                    (o["columns"] as JsonArray ?? []).Select(c => c!.GetValue<string>()).ToList(),
                    (o["options"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal),
                    (o["evidence"] as JsonArray ?? []).Select(c => c!.GetValue<string>()).ToList(),
                    o["expected_gain"]?.GetValue<double>() ?? 0, o["estimated_storage_bytes"]?.GetValue<long>() ?? 0, risk, o["rationale"]?.GetValue<string>() ?? ""));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
            {
                throw new KitDataException($"{where}: a field has the wrong type ({e.Message}).", source, inner: e);
            }
            i++;
        }
        return new SchemaAdvice(result);
    }

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder("<table style=\"border-collapse:collapse\"><tr>");
        foreach (var h in new[] { "#", "kind", "table", "columns", "gain", "storage", "risk", "rationale", "evidence" })
            sb.Append("<th style=\"text-align:left;padding:2px 6px\">").Append(h).Append("</th>");
        sb.Append("</tr>");
        int n = 1;
        foreach (var r in Recommendations)
        {
            sb.Append("<tr style=\"vertical-align:top\">");
            foreach (var v in new[] { (n++).ToString(CultureInfo.InvariantCulture), r.Kind.ToString(), r.Table.ToString(), string.Join(", ", r.Columns),
                         r.ExpectedGain.ToString("P0", CultureInfo.InvariantCulture), Bytes(r.EstimatedStorageBytes), r.Risk.ToString(), r.Rationale })
                sb.Append("<td style=\"padding:2px 6px\">").Append(WebUtility.HtmlEncode(v)).Append("</td>");
            sb.Append("<td style=\"padding:2px 6px\"><ul style=\"margin:0\">");
            foreach (var e in r.Evidence) sb.Append("<li>").Append(WebUtility.HtmlEncode(e)).Append("</li>");
            sb.Append("</ul></td></tr>");
        }
        return sb.Append("</table>").ToString();
    }

    /// <inheritdoc />
    public override string ToString() =>
        Recommendations.Count == 0 ? "no recommendations" :
        string.Join("\n", Recommendations.Select((r, i) => $"{i + 1}. [{r.Kind}, gain {r.ExpectedGain:P0}, {Bytes(r.EstimatedStorageBytes)}, risk {r.Risk}] {r.Rationale}"));

    private static string Bytes(long b) => Math.Abs(b) switch
    {
        >= 1L << 30 => (b / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (b / (double)(1L << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (b / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => b.ToString(CultureInfo.InvariantCulture) + " B",
    };
}
