using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Kernel.Execution;

/// <summary>Converts the engine's <see cref="FormattedValue"/> into a Jupyter mime bundle (<c>data</c>).</summary>
internal static class MimeBundle
{
    /// <summary>
    /// The bundle as JSON. JSON mime types (<c>application/json</c>, <c>*+json</c>) are embedded as JSON values, as
    /// Jupyter expects; every other type is a string. <c>text/plain</c> is always present.
    /// </summary>
    public static JsonObject ToJson(FormattedValue value)
    {
        var data = new JsonObject();
        foreach (var (mime, text) in value.Data)
        {
            if (IsJsonMime(mime) && TryParse(text) is { } node) data[mime] = node;
            else data[mime] = text;
        }
        if (!data.ContainsKey("text/plain")) data["text/plain"] = "";
        return data;
    }

    /// <summary>A bundle holding just <c>text/plain</c>.</summary>
    public static FormattedValue PlainText(string text) => new(new Dictionary<string, string> { ["text/plain"] = text });

    private static bool IsJsonMime(string mime) => mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
