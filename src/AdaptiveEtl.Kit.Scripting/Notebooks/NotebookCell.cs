using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>One nbformat 4 cell: type, source, metadata (tags), and for code cells outputs and execution count.</summary>
public sealed class NotebookCell
{
    internal NotebookCell(NotebookCellType cellType, string source, JsonObject metadata, JsonObject extra)
    {
        CellType = cellType;
        Source = source;
        Metadata = metadata;
        Extra = extra;
    }

    /// <summary>Code, markdown or raw.</summary>
    public NotebookCellType CellType { get; }

    /// <summary>The cell's text (lines joined with <c>\n</c>).</summary>
    public string Source { get; set; }

    /// <summary>The cell's metadata, including <c>tags</c> and any unknown keys (preserved on save).</summary>
    public JsonObject Metadata { get; }

    /// <summary>The nbformat 4.5 cell id (null in older notebooks).</summary>
    public string? Id { get; set; }

    /// <summary>The execution count of a code cell (null = not run).</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>The outputs of a code cell, as nbformat output objects (<c>stream</c>, <c>display_data</c>, <c>execute_result</c>, <c>error</c>).</summary>
    public JsonArray Outputs { get; } = [];

    /// <summary>Other top-level keys of the cell (for example markdown <c>attachments</c>), preserved on save.</summary>
    internal JsonObject Extra { get; }

    /// <summary>The cell's tags (<c>metadata.tags</c>).</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").Where(t => t.Length > 0).ToList() : [];

    /// <summary>True when the cell has tag <paramref name="tag"/>.</summary>
    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);

    /// <summary>Creates a C# code cell with the Polyglot/.NET Interactive cell metadata and the given tags.</summary>
    public static NotebookCell Code(string source, params string[] tags)
    {
        var metadata = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        };
        if (tags.Length > 0) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        return new NotebookCell(NotebookCellType.Code, source, metadata, []);
    }

    /// <summary>Creates a markdown cell.</summary>
    public static NotebookCell Markdown(string source) => new(NotebookCellType.Markdown, source, [], []);

    /// <summary>Creates a raw cell.</summary>
    public static NotebookCell Raw(string source) => new(NotebookCellType.Raw, source, [], []);
}
