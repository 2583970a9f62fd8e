using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Notebooks.Tests.Kernel;
using AdaptiveEtl.Kit.Notebooks.Tests.Notebooks;
using AdaptiveEtl.Kit.Scripting.Notebooks;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Interactive;

/// <summary>
/// Every notebook of <c>notebooks/</c> executed unchanged under Microsoft's real .NET Interactive kernel
/// (<c>dotnet-interactive</c> 1.0.712001 through <c>jupyter nbconvert --execute</c>), as a user who kept Polyglot
/// Notebooks runs them: packages from <c>notebooks/NuGet.Config</c>, the kit's formatters registered by the package's
/// .NET Interactive extension, Plotly.NET charts on the tool's FSharp.Core.
/// </summary>
[Collection(nameof(NotebookSuite))]
public sealed class DotNetInteractiveNotebookTests
{
    [Theory]
    [MemberData(nameof(NotebookCases.All), MemberType = typeof(NotebookCases))]
    public void Notebook_runs_under_the_real_dotnet_interactive_kernel(string notebook)
    {
        _ = KitPackageFeed.Directory;
        var tool = DotNetInteractiveTool.Require();
        var output = System.IO.Directory.CreateTempSubdirectory("aek-di-").FullName;
        var copy = Path.Combine(RepoPaths.Root, "notebooks", $".test-di-{Guid.NewGuid():N}-{notebook}");
        DotNetInteractiveTool.ForgetKitPackages();
        try
        {
            var document = NotebookDocument.Load(Path.Combine(RepoPaths.Root, "notebooks", notebook));
            NotebookRunner.InjectParameters(document, notebook, NotebookCases.Parameters(notebook, output));
            document.Save(copy);
            var executed = JupyterClientHarness.ExecuteNotebook(copy, DotNetInteractiveTool.KernelName, tool.Environment,
                TimeSpan.FromMinutes(10), allowErrors: true);

            var failures = FailingCells(executed).ToList();
            Assert.True(failures.Count == 0, $"{notebook} under dotnet-interactive {DotNetInteractiveTool.Version}:\n" + string.Join("\n", failures));
            var html = JupyterClientHarness.Outputs(executed)
                .Select(o => o["data"]?["text/html"]).Where(h => h is not null)
                .Select(h => h is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)h ?? "").ToList();
            Assert.Contains(html, h => h.Contains(NotebookCases.ExpectedHtml(notebook), StringComparison.Ordinal));
            // the kit's formatters, not .NET Interactive's default object tree, render the kit's results
            Assert.DoesNotContain(html, h => h.Contains("dni-treeview", StringComparison.Ordinal) && h.Contains("AdaptiveEtl.Kit", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(copy);
            System.IO.Directory.Delete(output, recursive: true);
            DotNetInteractiveTool.ForgetKitPackages();
        }
    }

    /// <summary>Each failing cell as a user finds it: its id, its <c>In [n]</c>, the exception and the cell's first line.</summary>
    private static IEnumerable<string> FailingCells(JsonObject executed)
    {
        foreach (var cell in executed["cells"]!.AsArray().OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "code"))
        {
            var outputs = cell["outputs"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            var errors = outputs.Where(o => (string?)o["output_type"] == "error").ToList();
            // .NET Interactive reports compile errors as an error output named after the diagnostics it printed on stderr-like streams
            var diagnostics = outputs.Where(o => (string?)o["output_type"] == "stream")
                .Select(o => o["text"] is JsonArray t ? string.Concat(t.Select(l => (string?)l)) : (string?)o["text"] ?? "")
                .Where(t => t.Contains("error CS", StringComparison.Ordinal));
            if (errors.Count == 0) continue;
            var source = cell["source"] is JsonArray s ? string.Concat(s.Select(l => (string?)l)) : (string?)cell["source"] ?? "";
            yield return $"  cell {(string?)cell["id"]} (In [{cell["execution_count"]}]): {string.Join("; ", errors.Select(e => $"{(string?)e["ename"]}: {(string?)e["evalue"]}"))} {string.Join(" ", diagnostics).Trim()}\n    {source.Split('\n')[0]}";
        }
    }
}
