using System.Text;
using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>
/// Turns what one cell writes and displays into nbformat outputs, in order: consecutive console writes to the same stream
/// become one <c>stream</c> output; <c>display(x)</c> becomes <c>display_data</c>; an update replaces the data of the earlier
/// display with the same id (in this or an earlier cell).
/// </summary>
internal sealed class CellOutputCollector : IDisplaySink
{
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _displays = new(StringComparer.Ordinal);
    private readonly TextWriter? _echo;
    private JsonArray _outputs = [];
    private JsonObject? _openStream;
    private string? _openStreamName;
    private StringBuilder _openText = new();

    public CellOutputCollector(TextWriter? echo)
    {
        _echo = echo;
        StandardOutput = new StreamWriter(this, "stdout");
        StandardError = new StreamWriter(this, "stderr");
    }

    public TextWriter StandardOutput { get; }

    public TextWriter StandardError { get; }

    /// <summary>Starts collecting into <paramref name="outputs"/> (the cell's output list).</summary>
    public void Begin(JsonArray outputs)
    {
        lock (_gate)
        {
            _outputs = outputs;
            CloseStream();
        }
    }

    /// <summary>Flushes the open stream output.</summary>
    public void End()
    {
        lock (_gate) CloseStream();
    }

    public void Publish(FormattedValue value, string? displayId, bool isUpdate)
    {
        lock (_gate)
        {
            if (isUpdate && displayId is not null && _displays.TryGetValue(displayId, out var existing))
            {
                existing["data"] = MimeBundle(value);
                return;
            }
            CloseStream();
            var output = new JsonObject { ["output_type"] = "display_data", ["data"] = MimeBundle(value), ["metadata"] = new JsonObject() };
            _outputs.Add(output);
            if (displayId is not null) _displays[displayId] = output;
        }
        _echo?.WriteLine(value.PlainText);
    }

    /// <summary>An nbformat mime bundle: every value as a list of lines.</summary>
    public static JsonObject MimeBundle(FormattedValue value)
    {
        var data = new JsonObject();
        foreach (var (mime, content) in value.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal)) data[mime] = NotebookDocument.WriteMultiline(content);
        return data;
    }

    private void Write(string stream, string text)
    {
        lock (_gate)
        {
            if (_openStreamName != stream) CloseStream();
            if (_openStream is null)
            {
                _openStream = new JsonObject { ["output_type"] = "stream", ["name"] = stream, ["text"] = new JsonArray() };
                _openStreamName = stream;
                _openText = new StringBuilder();
                _outputs.Add(_openStream);
            }
            _openText.Append(text);
            _openStream["text"] = NotebookDocument.WriteMultiline(_openText.ToString());
        }
        _echo?.Write(text);
    }

    private void CloseStream()
    {
        _openStream = null;
        _openStreamName = null;
    }

    private sealed class StreamWriter(CellOutputCollector owner, string name) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => owner.Write(name, value.ToString());
        public override void Write(string? value) { if (!string.IsNullOrEmpty(value)) owner.Write(name, value); }
        public override void Write(char[] buffer, int index, int count) => owner.Write(name, new string(buffer, index, count));
        public override void WriteLine(string? value) => owner.Write(name, (value ?? "") + "\n");
        public override void WriteLine() => owner.Write(name, "\n");
    }
}
