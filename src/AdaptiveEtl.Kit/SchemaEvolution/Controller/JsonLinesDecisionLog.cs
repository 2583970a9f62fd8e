using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>The decision log as a JSON-lines file: one <see cref="DecisionLogEntry"/> object per line, appended and flushed per entry.</summary>
public sealed class JsonLinesDecisionLog : IDecisionLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Uses (creating when missing, with its folder) the file at <paramref name="path"/>.</summary>
    public JsonLinesDecisionLog(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task AppendAsync(DecisionLogEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var s = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n");
            await s.WriteAsync(line, cancellationToken);
            await s.FlushAsync(cancellationToken);
        }
        finally { _gate.Release(); }
    }

    /// <inheritdoc />
    /// <exception cref="KitDataException">A line is not a decision-log entry (the message names the line).</exception>
    public async Task<IReadOnlyList<DecisionLogEntry>> QueryAsync(string? recommendationId = null, DecisionStep? step = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path)) return [];
        var list = new List<DecisionLogEntry>();
        int lineNo = 0;
        foreach (var line in await File.ReadAllLinesAsync(Path, cancellationToken))
        {
            lineNo++;
            if (line.Length == 0) continue;
            DecisionLogEntry? e;
            try { e = JsonSerializer.Deserialize<DecisionLogEntry>(line, Json); }
            catch (JsonException ex) { throw new KitDataException($"line {lineNo} is not a decision-log entry: {ex.Message}", Path, inner: ex); }
            if (e is null) throw new KitDataException($"line {lineNo} is not a decision-log entry (null).", Path);
            if ((recommendationId is null || e.RecommendationId == recommendationId) && (step is null || e.Step == step)) list.Add(e);
        }
        return list;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }
}
