using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>
/// An nbformat 4 notebook read and written with System.Text.Json. Unknown notebook and cell metadata (and other unknown keys)
/// are preserved. New notebooks use the Polyglot/.NET Interactive C# kernelspec.
/// </summary>
/// <example>
/// <code>
/// var nb = NotebookDocument.Load("notebooks/forecast.ipynb");
/// foreach (var cell in nb.Cells.Where(c => c.HasTag("production"))) Console.WriteLine(cell.Source);
/// nb.Save("out.ipynb");
/// </code>
/// </example>
public sealed class NotebookDocument
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private NotebookDocument(JsonObject metadata, int formatMinor, JsonObject extra)
    {
        Metadata = metadata;
        FormatMinor = formatMinor;
        Extra = extra;
    }

    /// <summary>The notebook metadata (kernelspec, language_info, polyglot_notebook, adaptive_etl_kit, and anything else).</summary>
    public JsonObject Metadata { get; }

    /// <summary>nbformat_minor (cells carry ids from 4.5 on).</summary>
    public int FormatMinor { get; }

    /// <summary>The cells in order.</summary>
    public List<NotebookCell> Cells { get; } = [];

    /// <summary>Other top-level keys, preserved on save.</summary>
    internal JsonObject Extra { get; }

    /// <summary>The exported script name (<c>metadata.adaptive_etl_kit.script</c>), if set.</summary>
    public string? ScriptName
    {
        get => Metadata["adaptive_etl_kit"]?["script"]?.GetValue<string>();
        set
        {
            if (Metadata["adaptive_etl_kit"] is not JsonObject kit) Metadata["adaptive_etl_kit"] = kit = [];
            if (value is null) kit.Remove("script"); else kit["script"] = value;
        }
    }

    /// <summary>Creates an empty C# notebook (nbformat 4.5) with the .NET Interactive kernelspec and language_info.</summary>
    /// <param name="scriptName">The name production steps are exported under (<c>scripts/&lt;name&gt;.csx</c>), or null.</param>
    public static NotebookDocument CreateCSharp(string? scriptName = null)
    {
        var metadata = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject
            {
                ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "csharp", ["pygments_lexer"] = "csharp", ["version"] = "13.0",
            },
            ["polyglot_notebook"] = new JsonObject
            {
                ["kernelInfo"] = new JsonObject
                {
                    ["defaultKernelName"] = "csharp",
                    ["items"] = new JsonArray(new JsonObject { ["name"] = "csharp", ["aliases"] = new JsonArray() }),
                },
            },
        };
        var nb = new NotebookDocument(metadata, 5, []);
        if (scriptName is not null) nb.ScriptName = scriptName;
        return nb;
    }

    /// <summary>Reads a notebook file.</summary>
    /// <exception cref="NotebookFormatException">The file is not nbformat 4 JSON; the message names the file.</exception>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"notebook {path} does not exist", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses nbformat 4 JSON; <paramref name="sourceName"/> names the notebook in errors.</summary>
    public static NotebookDocument Parse(string json, string sourceName = "notebook")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new NotebookFormatException($"{sourceName}: expected a JSON object at the top level");
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{sourceName}: not valid JSON ({e.Message})", e);
        }
        var major = root["nbformat"]?.GetValue<int>() ?? throw new NotebookFormatException($"{sourceName}: missing 'nbformat'");
        if (major != 4) throw new NotebookFormatException($"{sourceName}: nbformat {major} is not supported (expected 4)");
        var minor = root["nbformat_minor"]?.GetValue<int>() ?? 0;
        var metadata = root["metadata"]?.DeepClone() as JsonObject ?? [];
        var extra = new JsonObject();
        foreach (var (key, value) in root)
            if (key is not ("nbformat" or "nbformat_minor" or "metadata" or "cells")) extra[key] = value?.DeepClone();
        var nb = new NotebookDocument(metadata, minor, extra);
        if (root["cells"] is not JsonArray cells) throw new NotebookFormatException($"{sourceName}: missing 'cells' array");
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject c) throw new NotebookFormatException($"{sourceName}: cell {i} is not an object");
            var type = (c["cell_type"]?.GetValue<string>()) switch
            {
                "code" => NotebookCellType.Code,
                "markdown" => NotebookCellType.Markdown,
                "raw" => NotebookCellType.Raw,
                var t => throw new NotebookFormatException($"{sourceName}: cell {i} has cell_type '{t}' (expected code, markdown or raw)"),
            };
            var cellExtra = new JsonObject();
            foreach (var (key, value) in c)
                if (key is not ("cell_type" or "source" or "metadata" or "outputs" or "execution_count" or "id")) cellExtra[key] = value?.DeepClone();
            var cell = new NotebookCell(type, ReadMultiline(c["source"]), c["metadata"]?.DeepClone() as JsonObject ?? [], cellExtra)
            {
                Id = c["id"]?.GetValue<string>(),
                ExecutionCount = c["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null,
            };
            if (c["outputs"] is JsonArray outputs) foreach (var o in outputs) cell.Outputs.Add(o?.DeepClone());
            nb.Cells.Add(cell);
        }
        return nb;
    }

    /// <summary>nbformat's multiline string: a string or a list of lines.</summary>
    internal static string ReadMultiline(JsonNode? node) => node switch
    {
        null => "",
        JsonArray a => string.Concat(a.Select(x => x?.GetValue<string>() ?? "")),
        _ => node.GetValue<string>(),
    };

    /// <summary>Splits text into nbformat's list-of-lines form (every line but the last keeps its <c>\n</c>).</summary>
    internal static JsonArray WriteMultiline(string text)
    {
        var array = new JsonArray();
        if (text.Length == 0) return array;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            array.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) array.Add(text[start..]);
        return array;
    }

    /// <summary>The notebook as nbformat 4 JSON (Jupyter's layout: one-space indent, source as a list of lines).</summary>
    public string ToJson()
    {
        var cells = new JsonArray();
        for (var i = 0; i < Cells.Count; i++)
        {
            var cell = Cells[i];
            var o = new JsonObject
            {
                ["cell_type"] = cell.CellType switch { NotebookCellType.Code => "code", NotebookCellType.Markdown => "markdown", _ => "raw" },
            };
            if (cell.CellType == NotebookCellType.Code) o["execution_count"] = cell.ExecutionCount;
            if (FormatMinor >= 5) o["id"] = cell.Id ?? $"cell-{i + 1}";
            o["metadata"] = cell.Metadata.DeepClone();
            if (cell.CellType == NotebookCellType.Code) o["outputs"] = cell.Outputs.DeepClone();
            o["source"] = WriteMultiline(cell.Source.Replace("\r\n", "\n"));
            foreach (var (key, value) in cell.Extra) o[key] = value?.DeepClone();
            cells.Add(o);
        }
        var root = new JsonObject { ["cells"] = cells, ["metadata"] = Metadata.DeepClone(), ["nbformat"] = 4, ["nbformat_minor"] = FormatMinor };
        foreach (var (key, value) in Extra) root[key] = value?.DeepClone();
        return root.ToJsonString(WriteOptions) + "\n";
    }

    /// <summary>Writes the notebook atomically (a temporary file beside it, then a rename).</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temp, ToJson(), new UTF8Encoding(false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
