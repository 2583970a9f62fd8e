namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>
/// A headless notebook run failed: names the notebook, the cell as users see it (<c>In [n]</c>, the execution count
/// Jupyter shows beside the cell, and its nbformat cell id), its zero-based index in the file, and the cell's error.
/// </summary>
public sealed class NotebookExecutionException : Exception
{
    /// <summary>Creates the exception (<paramref name="inInjectedParameters"/>: the failing cell is the injected parameters cell after <paramref name="cellIndex"/>).</summary>
    public NotebookExecutionException(string notebookPath, int cellIndex, CellError error, bool inInjectedParameters = false, int? executionCount = null, string? cellId = null)
        : base($"{notebookPath}: {Describe(cellIndex, inInjectedParameters, executionCount, cellId)} failed: {error.Name}: {error.Message}", error.Exception)
    {
        NotebookPath = notebookPath;
        CellIndex = cellIndex;
        Error = error;
        ExecutionCount = executionCount;
        CellId = cellId;
    }

    /// <summary>The failing cell's execution count (<c>In [n]</c>), when it ran.</summary>
    public int? ExecutionCount { get; }

    /// <summary>The failing cell's nbformat 4.5 id, when it has one.</summary>
    public string? CellId { get; }

    private static string Describe(int cellIndex, bool injected, int? executionCount, string? cellId)
    {
        if (injected) return $"the injected parameters cell (after cell {cellIndex})";
        var shown = executionCount is { } n ? $"In [{n}], " : "";
        var id = cellId is null ? "" : $"id '{cellId}', ";
        return shown.Length + id.Length == 0 ? $"cell {cellIndex}" : $"cell {shown}{id}cell {cellIndex} of the file";
    }

    /// <summary>The notebook that failed.</summary>
    public string NotebookPath { get; }

    /// <summary>Zero-based index of the failing cell in the notebook file (an injected parameters cell is not counted).</summary>
    public int CellIndex { get; }

    /// <summary>The cell's error.</summary>
    public CellError Error { get; }
}
