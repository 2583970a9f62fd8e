using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Scripting.Notebooks;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

public sealed class NotebookRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Parameters_are_typed_from_the_parameters_cell()
    {
        var ps = NotebookParameter.Parse("var who = \"a\\\"b\";\nint times = 2;\nvar scale = 1.5;\nvar loud = false;\nlong big = -3;\ndouble ratio = 2;");
        Assert.Equal(
            [
                new NotebookParameter("who", "string", "a\"b"), new NotebookParameter("times", "int", 2), new NotebookParameter("scale", "double", 1.5),
                new NotebookParameter("loud", "bool", false), new NotebookParameter("big", "long", -3L), new NotebookParameter("ratio", "double", 2.0),
            ],
            ps);
        Assert.Equal("var who = \"x \\\"y\\\"\";", ps[0].Declaration(ps[0].Convert("x \"y\"")));
        Assert.Equal("double scale = 0.25;", ps[2].Declaration(ps[2].Convert("0.25")));
        Assert.Equal("double scale = 3.0;", ps[2].Declaration(ps[2].Convert("3")));
        Assert.Equal("long big = 12L;", ps[4].Declaration(ps[4].Convert("12")));
        var e = Assert.Throws<FormatException>(() => ps[1].Convert("many"));
        Assert.Equal("parameter 'times' expects a int but got 'many'", e.Message);
        Assert.Throws<FormatException>(() => NotebookParameter.Parse("var now = DateTime.Now;"));
    }

    [Fact]
    public async Task Run_injects_parameters_records_outputs_and_writes_a_valid_notebook()
    {
        var dir = NotebookTestFiles.TempDirectory();
        var path = Path.Combine(dir, "greeting.ipynb");
        NotebookTestFiles.Greeting().Save(path);
        var output = Path.Combine(dir, "out", "greeting.out.ipynb");
        var executed = await NotebookRunner.RunAsync(path, new Dictionary<string, object?> { ["who"] = "papermill", ["times"] = "3" },
            new NotebookRunOptions { OutputPath = output, CellTimeout = TimeSpan.FromMinutes(1) }, Ct);

        var injectedIndex = executed.Cells.FindIndex(c => c.HasTag("injected-parameters"));
        Assert.Equal(3, injectedIndex); // right after the parameters cell (markdown 0, first 1, parameters 2)
        Assert.Equal("// Parameters injected by kit notebook run\nvar who = \"papermill\";\nvar times = 3;", executed.Cells[injectedIndex].Source);
        var explore = executed.Cells[4];
        Assert.Equal("display_data", explore.Outputs[0]!["output_type"]!.GetValue<string>());
        Assert.Equal("exploring papermill", explore.Outputs[0]!["data"]!["text/plain"]![0]!.GetValue<string>());
        Assert.Equal("execute_result", explore.Outputs[1]!["output_type"]!.GetValue<string>());
        Assert.Equal("4.5", explore.Outputs[1]!["data"]!["text/plain"]![0]!.GetValue<string>()); // 3 * 1.5
        var printed = executed.Cells[5].Outputs.Single()!;
        Assert.Equal("stream", printed["output_type"]!.GetValue<string>());
        Assert.Equal("stdout", printed["name"]!.GetValue<string>());
        Assert.Equal("hello papermill\nhello papermill\nhello papermill\n", NotebookDocument_ReadText(printed["text"]));
        // relative paths resolve against the notebook's folder
        Assert.Equal("Line { Text = hello papermill, Weight = 4.5 }", File.ReadAllText(Path.Combine(dir, "greeting.txt")));
        Assert.Equal([1, 2, 3, 4, 5, 6], executed.Cells.Where(c => c.CellType == NotebookCellType.Code).Select(c => c.ExecutionCount ?? 0));

        var python = "/usr/bin/python3";
        if (!File.Exists(python)) Assert.Skip("python3 with nbformat is not installed; cannot validate the output notebook");
        var check = RunProcess(python, "-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], 4)); print('valid')", output);
        if (check.Output.Contains("No module named 'nbformat'")) Assert.Skip("python3-nbformat is not installed");
        Assert.True(check.ExitCode == 0, check.Output);
    }

    [Fact]
    public async Task A_failing_cell_names_notebook_cell_and_exception_and_is_recorded_as_an_error_output()
    {
        var dir = NotebookTestFiles.TempDirectory();
        var path = Path.Combine(dir, "broken.ipynb");
        var nb = NotebookDocument.CreateCSharp();
        nb.Cells.Add(NotebookCell.Code("var data = new int[] { 1, 2 };"));
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(\"before\");\nvar x = data[5];"));
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(\"never\");"));
        nb.Save(path);
        var output = Path.Combine(dir, "broken.out.ipynb");
        var e = await Assert.ThrowsAsync<NotebookExecutionException>(() => NotebookRunner.RunAsync(path, null, new NotebookRunOptions { OutputPath = output }, Ct));
        Assert.Equal(1, e.CellIndex);
        Assert.Equal(path, e.NotebookPath);
        Assert.Equal(nameof(IndexOutOfRangeException), e.Error.Name);
        // as users see it: the second cell ran as In [2]; CreateCSharp notebooks get ids cell-1, cell-2, … on save
        Assert.StartsWith($"{path}: cell In [2], id 'cell-2', cell 1 of the file failed: IndexOutOfRangeException: ", e.Message);
        Assert.Equal(2, e.ExecutionCount);
        Assert.Equal("cell-2", e.CellId);
        var written = NotebookDocument.Load(output);
        var error = written.Cells[1].Outputs.Last()!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Equal("IndexOutOfRangeException", error["ename"]!.GetValue<string>());
        Assert.Contains("at line 2", error["traceback"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(written.Cells[2].ExecutionCount);
    }

    [Fact]
    public async Task A_runaway_recursion_fails_its_cell_and_the_output_notebook_is_still_written()
    {
        // issue 19: a stack overflow used to kill the runner (exit 134) with no output notebook
        var dir = NotebookTestFiles.TempDirectory();
        var path = Path.Combine(dir, "recursion.ipynb");
        var nb = NotebookDocument.CreateCSharp();
        nb.Cells.Add(NotebookCell.Code("Console.WriteLine(\"first cell ran\");"));
        nb.Cells.Add(NotebookCell.Code("long Deeper(long n) => Deeper(n + 1) + 1;\nDeeper(0)"));
        nb.Save(path);
        var output = Path.Combine(dir, "recursion.out.ipynb");
        var e = await Assert.ThrowsAsync<NotebookExecutionException>(() => NotebookRunner.RunAsync(path, null, new NotebookRunOptions { OutputPath = output }, Ct));
        Assert.Equal(1, e.CellIndex);
        Assert.Equal(nameof(InsufficientExecutionStackException), e.Error.Name);
        var written = NotebookDocument.Load(output);
        Assert.Equal("error", written.Cells[1].Outputs.Last()!["output_type"]!.GetValue<string>());
        Assert.NotNull(written.Cells[0].ExecutionCount);
    }

    [Fact]
    public async Task A_cell_over_the_timeout_fails_with_a_timeout_error()
    {
        var dir = NotebookTestFiles.TempDirectory();
        var path = Path.Combine(dir, "slow.ipynb");
        var nb = NotebookDocument.CreateCSharp();
        nb.Cells.Add(NotebookCell.Code("while (true) { }"));
        nb.Save(path);
        var e = await Assert.ThrowsAsync<NotebookExecutionException>(() => NotebookRunner.RunAsync(path, null, new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(2) }, Ct));
        Assert.Equal("TimeoutException", e.Error.Name);
        Assert.Contains("did not finish within 2 s", e.Message);
    }

    [Fact]
    public async Task Unknown_or_malformed_parameters_are_rejected_before_running()
    {
        var dir = NotebookTestFiles.TempDirectory();
        var path = Path.Combine(dir, "greeting.ipynb");
        NotebookTestFiles.Greeting().Save(path);
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(path, new Dictionary<string, object?> { ["nope"] = "1" }, null, Ct));
        Assert.Contains("unknown parameter 'nope' (the parameters cell declares: who, times, scale, loud)", unknown.Message);
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(path, new Dictionary<string, object?> { ["loud"] = "maybe" }, null, Ct));
        Assert.Contains("parameter 'loud' expects a bool but got 'maybe'", bad.Message);
    }

    private static string NotebookDocument_ReadText(JsonNode? node) => string.Concat(node!.AsArray().Select(x => x!.GetValue<string>()));

    internal static (int ExitCode, string Output) RunProcess(string file, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public async Task A_compile_error_is_reported_once()
    {
        var dir = NotebookTestFiles.TempDirectory();
        var path = Path.Combine(dir, "typo.ipynb");
        var nb = NotebookDocument.CreateCSharp();
        nb.Cells.Add(NotebookCell.Code("var n = 1;\nConsole.WriteLin(n);"));
        nb.Save(path);
        var output = Path.Combine(dir, "typo.out.ipynb");
        var e = await Assert.ThrowsAsync<NotebookExecutionException>(() => NotebookRunner.RunAsync(path, null, new NotebookRunOptions { OutputPath = output }, Ct));
        Assert.Equal("CompilationError", e.Error.Name);
        Assert.Empty(e.Error.StackTrace);
        var traceback = string.Join("\n", NotebookDocument.Load(output).Cells[0].Outputs.Last()!["traceback"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(traceback, "CS0117"));
    }
}
