using System.Text;
using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Scripting.Notebooks;

/// <summary>
/// Runs a notebook headless on the same engine as the kernel (<see cref="ScriptSession"/>): every code cell in order, with
/// papermill-style parameters injected after the cell tagged <c>parameters</c>, recording outputs and execution counts.
/// </summary>
/// <example>
/// <code>
/// var executed = await NotebookRunner.RunAsync("notebooks/forecast.ipynb",
///     new Dictionary&lt;string, object?&gt; { ["horizon"] = "48" },
///     new NotebookRunOptions { OutputPath = "out/forecast.ipynb", CellTimeout = TimeSpan.FromMinutes(5) });
/// </code>
/// </example>
public static class NotebookRunner
{
    /// <summary>
    /// Executes the notebook at <paramref name="path"/>. The working directory of the cells is the notebook's folder.
    /// The executed notebook is written to <see cref="NotebookRunOptions.OutputPath"/> (also when a cell fails) and returned.
    /// </summary>
    /// <param name="path">The .ipynb file.</param>
    /// <param name="parameters">Values for the parameters cell's variables (strings are parsed to the declared type).</param>
    /// <param name="options">Output path, per-cell timeout, log.</param>
    /// <param name="cancellationToken">Interrupts the running cell and stops the run.</param>
    /// <exception cref="NotebookExecutionException">A cell failed or timed out: names the notebook, the cell index and the error.</exception>
    /// <exception cref="ArgumentException">A parameter is unknown, malformed, or the notebook has no <c>parameters</c> cell.</exception>
    public static async Task<NotebookDocument> RunAsync(string path, IReadOnlyDictionary<string, object?>? parameters = null,
        NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        var fullPath = Path.GetFullPath(path);
        var notebook = NotebookDocument.Load(fullPath);
        InjectParameters(notebook, fullPath, parameters ?? new Dictionary<string, object?>());

        var collector = new CellOutputCollector(options.Log);
        var sessionOptions = new ScriptSessionOptions
        {
            WorkingDirectory = Path.GetDirectoryName(fullPath)!,
            PackageCacheDirectory = options.PackageCacheDirectory,
            PackageSources = options.PackageSources,
            StandardOutput = collector.StandardOutput,
            StandardError = collector.StandardError,
            DisplaySink = collector,
            Mode = ScriptMode.Notebook,
        };
        NotebookExecutionException? failure;
        var directoryBefore = Directory.GetCurrentDirectory();
        try
        {
            await using var session = new ScriptSession(sessionOptions);
            failure = await ExecuteCellsAsync(notebook, fullPath, session, collector, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // cells ran in the notebook's folder (as in Jupyter); give the host its current directory back
            if (Directory.Exists(directoryBefore)) Directory.SetCurrentDirectory(directoryBefore);
        }
        if (options.OutputPath is not null) notebook.Save(options.OutputPath);
        if (failure is not null) throw failure;
        return notebook;
    }

    /// <summary>Runs the code cells in order, recording outputs; returns the failure of the first failing cell (then stops).</summary>
    private static async Task<NotebookExecutionException?> ExecuteCellsAsync(NotebookDocument notebook, string fullPath, ScriptSession session,
        CellOutputCollector collector, NotebookRunOptions options, CancellationToken cancellationToken)
    {
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.CellType != NotebookCellType.Code) continue;
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            if (string.IsNullOrWhiteSpace(cell.Source)) continue;
            options.Log?.WriteLine($"[{Path.GetFileName(fullPath)}] cell {i} …");
            collector.Begin(cell.Outputs);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (options.CellTimeout is { } limit) timeout.CancelAfter(limit);
            var result = await session.ExecuteAsync(cell.Source, timeout.Token).ConfigureAwait(false);
            collector.End();
            cell.ExecutionCount = session.ExecutionCount;
            if (result.Succeeded)
            {
                if (result.HasReturnValue && result.FormattedReturnValue is { } formatted)
                    cell.Outputs.Add(new JsonObject
                    {
                        ["output_type"] = "execute_result",
                        ["execution_count"] = session.ExecutionCount,
                        ["data"] = CellOutputCollector.MimeBundle(formatted),
                        ["metadata"] = new JsonObject(),
                    });
                continue;
            }
            var error = result.Error!;
            if (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                error = error with { Name = "TimeoutException", Message = $"the cell did not finish within {options.CellTimeout!.Value.TotalSeconds:0.###} s ({error.Message})" };
            cell.Outputs.Add(new JsonObject
            {
                ["output_type"] = "error",
                ["ename"] = error.Name,
                ["evalue"] = error.Message,
                ["traceback"] = new JsonArray(new[] { $"{error.Name}: {error.Message}" }.Concat(error.StackTrace).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            });
            // report the index in the notebook as written (the injected parameters cell is not part of it)
            var injected = notebook.Cells.FindIndex(c => c.HasTag(NotebookParameter.InjectedParametersTag));
            return new NotebookExecutionException(fullPath, injected >= 0 && i > injected ? i - 1 : i, error, i == injected, cell.ExecutionCount, cell.Id);
        }
        return null;
    }

    /// <summary>
    /// Inserts (or replaces) the cell tagged <c>injected-parameters</c> right after the cell tagged <c>parameters</c>,
    /// assigning the given values typed from the parameters cell's declarations.
    /// </summary>
    public static void InjectParameters(NotebookDocument notebook, string notebookName, IReadOnlyDictionary<string, object?> values)
    {
        notebook.Cells.RemoveAll(c => c.HasTag(NotebookParameter.InjectedParametersTag));
        if (values.Count == 0) return;
        var index = notebook.Cells.FindIndex(c => c.CellType == NotebookCellType.Code && c.HasTag(NotebookParameter.ParametersTag));
        if (index < 0)
            throw new ArgumentException($"{notebookName}: parameters given ({string.Join(", ", values.Keys)}) but no code cell is tagged 'parameters'");
        IReadOnlyList<NotebookParameter> declared;
        try
        {
            declared = NotebookParameter.Parse(notebook.Cells[index].Source);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{notebookName}: {e.Message}", e);
        }
        var code = new StringBuilder("// Parameters injected by kit notebook run\n");
        foreach (var (name, value) in values)
        {
            var p = declared.FirstOrDefault(d => d.Name == name)
                ?? throw new ArgumentException($"{notebookName}: unknown parameter '{name}' (the parameters cell declares: {string.Join(", ", declared.Select(d => d.Name))})");
            object typed;
            try
            {
                typed = p.Convert(value);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"{notebookName}: {e.Message}", e);
            }
            code.Append(p.Declaration(typed)).Append('\n');
        }
        var injected = NotebookCell.Code(code.ToString().TrimEnd('\n'), NotebookParameter.InjectedParametersTag);
        injected.Id = NotebookParameter.InjectedParametersTag;
        notebook.Cells.Insert(index + 1, injected);
    }
}
