using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Notebooks.Tests.Kernel;
using AdaptiveEtl.Kit.Scripting;
using AdaptiveEtl.Kit.Scripting.Export;
using AdaptiveEtl.Kit.Scripting.Notebooks;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Notebooks;

/// <summary>Runs alone: the notebooks change the process's current directory and load large packages.</summary>
[CollectionDefinition(nameof(NotebookSuite), DisableParallelization = true)]
public sealed class NotebookSuite;

/// <summary>
/// The kit's own notebooks and exported scripts, run the three ways users run them: headless with the kit's engine
/// (<c>kit notebook run</c>), under the kit's Jupyter kernel with <c>jupyter nbconvert --execute</c>, and as exported
/// scripts (<c>.csx</c> through the engine's dotnet-script mode, <c>.cs</c> with the real <c>dotnet run</c>).
/// </summary>
[Collection(nameof(NotebookSuite))]
public class NotebookSuiteTests
{
    private static string NotebookPath(string name) => Path.Combine(RepoPaths.Root, "notebooks", name);

    private static string TempDirectory() => System.IO.Directory.CreateTempSubdirectory("aek-nb-").FullName;

    private static IEnumerable<JsonObject> Outputs(NotebookDocument notebook) =>
        notebook.Cells.Where(c => c.CellType == NotebookCellType.Code).SelectMany(c => c.Outputs.OfType<JsonObject>());

    private static IEnumerable<string> Html(IEnumerable<JsonObject> outputs) =>
        outputs.Where(o => (string?)o["output_type"] is "display_data" or "execute_result")
            .Select(o => o["data"]?["text/html"])
            .Where(h => h is not null)
            .Select(h => h is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)h ?? "");

    private static IEnumerable<string> Charts(NotebookDocument notebook) =>
        Outputs(notebook).Select(o => o["data"]?["image/svg+xml"]).Where(s => s is not null)
            .Select(s => s is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)s ?? "").DefaultIfEmpty("");

    [Theory]
    [MemberData(nameof(NotebookCases.All), MemberType = typeof(NotebookCases))]
    public async Task Notebook_runs_headless_with_the_kit_engine(string notebook)
    {
        _ = KitPackageFeed.Directory;
        var output = TempDirectory();
        var exitCode = Environment.ExitCode;
        try
        {
            var executed = await NotebookRunner.RunAsync(NotebookPath(notebook), NotebookCases.Parameters(notebook, output),
                new NotebookRunOptions { OutputPath = Path.Combine(output, notebook), CellTimeout = TimeSpan.FromMinutes(10) },
                TestContext.Current.CancellationToken);
            Assert.DoesNotContain(Outputs(executed), o => (string?)o["output_type"] == "error");
            Assert.Contains(Html(Outputs(executed)), h => h.Contains(NotebookCases.ExpectedHtml(notebook), StringComparison.Ordinal));
            Assert.All(executed.Cells.Where(c => c.CellType == NotebookCellType.Code && !string.IsNullOrWhiteSpace(c.Source)),
                c => Assert.NotNull(c.ExecutionCount));
            // this run doubles as the check of the committed outputs (no second run): same structure, as eng/notebook-outputs.sh wrote them
            var differences = NotebookOutputs.Differences(NotebookDocument.Load(NotebookPath(notebook)), executed);
            Assert.True(differences.Count == 0, $"notebooks/{notebook}: committed outputs are missing or stale (run eng/notebook-outputs.sh {notebook}):\n" + string.Join("\n", differences));
            if (NotebookCases.ExpectedHtml(notebook) == "Plotly.newPlot") // charts carry their static SVG beside the HTML
                Assert.Contains(Charts(executed), c => c.Contains("data-kit-traces", StringComparison.Ordinal));
        }
        finally
        {
            Environment.ExitCode = exitCode;
            System.IO.Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(NotebookCases.All), MemberType = typeof(NotebookCases))]
    public void Notebook_runs_under_the_kit_kernel_with_nbconvert(string notebook)
    {
        _ = KitPackageFeed.Directory;
        var output = TempDirectory();
        // A parameterised copy beside the original, so that its relative paths (../data-samples, ../artifacts) still resolve.
        var copy = NotebookPath($".test-{Guid.NewGuid():N}-{notebook}");
        try
        {
            var document = NotebookDocument.Load(NotebookPath(notebook));
            NotebookRunner.InjectParameters(document, notebook, NotebookCases.Parameters(notebook, output));
            document.Save(copy);
            var executed = JupyterClientHarness.ExecuteNotebook(copy, TimeSpan.FromMinutes(10));
            Assert.Empty(JupyterClientHarness.ErrorOutputs(executed));
            Assert.Contains(Html(JupyterClientHarness.Outputs(executed)), h => h.Contains(NotebookCases.ExpectedHtml(notebook), StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(copy);
            System.IO.Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Committed_scripts_equal_a_fresh_export_of_their_notebooks()
    {
        var stale = ProductionStepExporter.FindStaleScripts(Path.Combine(RepoPaths.Root, "notebooks"), Path.Combine(RepoPaths.Root, "scripts"));
        Assert.True(stale.Count == 0, "scripts out of date with their notebooks (run `kit export --all notebooks --out scripts`): " + string.Join(", ", stale));
        Assert.NotEmpty(NotebookCases.Scripts());
    }

    [Theory]
    [MemberData(nameof(NotebookCases.Scripts), MemberType = typeof(NotebookCases))]
    public async Task Exported_csx_script_runs_as_dotnet_script_accepts_it(string script)
    {
        _ = KitPackageFeed.Directory;
        var output = TempDirectory();
        var stderr = new StringWriter();
        try
        {
            int exit = await ScriptRunner.RunAsync(Path.Combine(RepoPaths.Root, "scripts", script + ".csx"), NotebookCases.ScriptArguments(script, output),
                // strict: rejects #i, notebook magics, display and namespaces dotnet-script does not import, as dotnet-script would
                new ScriptSessionOptions { StandardError = stderr, Mode = ScriptMode.StrictDotnetScript }, TestContext.Current.CancellationToken);
            Assert.True(exit == NotebookCases.ExpectedExitCode(script), $"{script}.csx exited with {exit}: {stderr}");
        }
        finally
        {
            System.IO.Directory.Delete(output, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(NotebookCases.Scripts), MemberType = typeof(NotebookCases))]
    public void Exported_cs_script_runs_with_dotnet_run(string script)
    {
        _ = KitPackageFeed.Directory;
        var output = TempDirectory();
        try
        {
            var run = ProcessRunner.Run("dotnet", new[] { "run", Path.Combine(RepoPaths.Root, "scripts", script + ".cs"), "--" }.Concat(NotebookCases.ScriptArguments(script, output)),
                TimeSpan.FromMinutes(15), workingDirectory: RepoPaths.Root);
            Assert.True(run.ExitCode == NotebookCases.ExpectedExitCode(script), $"dotnet run {script}.cs exited with {run.ExitCode}:\n{run.StdOut}\n{run.StdErr}");
        }
        finally
        {
            System.IO.Directory.Delete(output, recursive: true);
        }
    }
}
