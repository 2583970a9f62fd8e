using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Forecasting;

/// <summary>
/// Saves and loads forecasters. A saved model is a JSON document <c>{"type": "&lt;type name&gt;", "state": {…}}</c>. A model type
/// <c>T</c> writes <see cref="TypeNameOf"/>(typeof(T)) and provides <c>public static T FromState(JsonNode state)</c>; loading finds it by
/// that convention (or through an explicitly registered loader).
/// </summary>
public static class ForecasterPersistence
{
    private static readonly ConcurrentDictionary<string, Func<JsonNode, IForecaster>> Loaders = new(StringComparer.Ordinal);

    /// <summary>Registers the loader of a model type; called once per type (idempotent).</summary>
    public static void Register(string typeName, Func<JsonNode, IForecaster> loader) => Loaders[typeName] = loader;

    /// <summary>Writes <c>{"type", "state"}</c> to the stream.</summary>
    public static void Write(Stream stream, string typeName, JsonNode state)
    {
        var doc = new JsonObject { ["format"] = "adaptive-etl-kit/forecaster-1", ["type"] = typeName, ["state"] = state };
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        doc.WriteTo(writer);
    }

    /// <summary>Loads a model saved by <see cref="IForecaster.Save"/>.</summary>
    /// <exception cref="KitDataException">The document is not a saved forecaster or its type is unknown.</exception>
    public static IForecaster Load(Stream stream)
    {
        JsonNode? doc;
        try { doc = JsonNode.Parse(stream); }
        catch (JsonException e) { throw new KitDataException($"not a saved forecaster (invalid JSON: {e.Message}).", "forecaster file", inner: e); }
        var type = doc?["type"]?.GetValue<string>() ?? throw new KitDataException("not a saved forecaster (no \"type\").", "forecaster file");
        var state = doc["state"] ?? throw new KitDataException("not a saved forecaster (no \"state\").", "forecaster file");
        var loader = Loaders.TryGetValue(type, out var registered) ? registered : ResolveByConvention(type);
        if (loader is null)
            throw new KitDataException($"unknown forecaster type '{type}'; expected a type implementing IForecaster with a static FromState(JsonNode) method (reference AdaptiveEtl.Kit.DeepLearning for the LSTM).", "forecaster file");
        return loader(state);
    }

    /// <summary>Loads a model from a file.</summary>
    public static IForecaster Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Saves a model to a file atomically (written to a temporary file, then moved over the target).</summary>
    public static void Save(IForecaster model, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var s = File.Create(tmp)) model.Save(s);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>The type name written by <see cref="Write"/> for a model class: "Namespace.Type, Assembly".</summary>
    public static string TypeNameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <summary>
    /// Resolves a type name written by <see cref="TypeNameOf"/> to its public static <c>FromState(JsonNode)</c> factory.
    /// Only types that implement <see cref="IForecaster"/> are accepted, so a crafted file cannot instantiate other types.
    /// </summary>
    private static Func<JsonNode, IForecaster>? ResolveByConvention(string typeName)
    {
        Type? type;
        try { type = Type.GetType(typeName, throwOnError: false); }
        catch (Exception) { return null; }
        if (type is null || !typeof(IForecaster).IsAssignableFrom(type)) return null;
        var method = type.GetMethod("FromState", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, [typeof(JsonNode)]);
        if (method is null || !typeof(IForecaster).IsAssignableFrom(method.ReturnType)) return null;
        // DoNotWrapExceptions: a KitDataException from FromState reaches the caller as itself, not as a TargetInvocationException.
        return node => (IForecaster)method.Invoke(null, System.Reflection.BindingFlags.DoNotWrapExceptions, null, [node], null)!;
    }
}
