namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>The nbformat 4 cell types.</summary>
public enum NotebookCellType
{
    /// <summary>C# code.</summary>
    Code,

    /// <summary>Markdown text.</summary>
    Markdown,

    /// <summary>Raw text passed through untouched.</summary>
    Raw,
}
