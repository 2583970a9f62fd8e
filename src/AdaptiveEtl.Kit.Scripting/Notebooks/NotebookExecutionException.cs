namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>A headless notebook run failed: names the notebook, the (zero-based) cell index and the cell's error.</summary>
public sealed class NotebookExecutionException : Exception
{
    /// <summary>Creates the exception (<paramref name="inInjectedParameters"/>: the failing cell is the injected parameters cell after <paramref name="cellIndex"/>).</summary>
    public NotebookExecutionException(string notebookPath, int cellIndex, CellError error, bool inInjectedParameters = false)
        : base($"{notebookPath}: {(inInjectedParameters ? "the injected parameters cell (after cell " + cellIndex + ")" : "cell " + cellIndex)} failed: {error.Name}: {error.Message}", error.Exception)
    {
        NotebookPath = notebookPath;
        CellIndex = cellIndex;
        Error = error;
    }

    /// <summary>The notebook that failed.</summary>
    public string NotebookPath { get; }

    /// <summary>Zero-based index of the failing cell in the notebook file (an injected parameters cell is not counted).</summary>
    public int CellIndex { get; }

    /// <summary>The cell's error.</summary>
    public CellError Error { get; }
}
