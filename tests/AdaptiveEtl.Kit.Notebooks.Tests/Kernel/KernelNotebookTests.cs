using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

/// <summary>Notebooks executed under the kit's kernel by <c>jupyter nbconvert --to notebook --execute</c>.</summary>
[Collection(KernelTestCollection.Name)]
public sealed class KernelNotebookTests
{
    [Fact]
    public void Smoke_notebook_executes_without_errors_and_with_rich_outputs()
    {
        var executed = JupyterClientHarness.ExecuteNotebook(JupyterClientHarness.HelperPath("Notebooks/kernel-smoke.ipynb"), TimeSpan.FromMinutes(2));

        Assert.Empty(JupyterClientHarness.ErrorOutputs(executed));
        var outputs = JupyterClientHarness.Outputs(executed).ToList();
        var streams = outputs.Where(o => (string?)o["output_type"] == "stream").ToList();
        Assert.Contains(streams, s => (string?)s["name"] == "stdout" && Text(s["text"]).Contains("hello from the kit kernel"));
        Assert.Contains(streams, s => (string?)s["name"] == "stderr" && Text(s["text"]).Contains("a warning"));
        // nbclient applies update_display_data to the output it updates: the display shows the updated value.
        var display = outputs.Single(o => (string?)o["output_type"] == "display_data");
        Assert.Equal("<i>updated</i>", Text(display["data"]!["text/html"]));
        var result = outputs.Single(o => (string?)o["output_type"] == "execute_result");
        Assert.Equal("42", Text(result["data"]!["text/plain"]));
        Assert.Equal("csharp", (string?)executed["metadata"]!["language_info"]!["name"]);
    }

    [Fact]
    public void A_failing_cell_fails_the_notebook_run_with_the_error()
    {
        var dir = Directory.CreateTempSubdirectory("kit-failing-nb-").FullName;
        try
        {
            var path = Path.Combine(dir, "failing.ipynb");
            var notebook = JsonNode.Parse(File.ReadAllText(JupyterClientHarness.HelperPath("Notebooks/kernel-smoke.ipynb")))!.AsObject();
            notebook["cells"] = new JsonArray(new JsonObject
            {
                ["cell_type"] = "code", ["id"] = "failing", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(),
                ["source"] = "throw new InvalidOperationException(\"notebook cell failed on purpose\");",
            });
            File.WriteAllText(path, notebook.ToJsonString());

            var e = Assert.Throws<InvalidOperationException>(() => JupyterClientHarness.ExecuteNotebook(path, TimeSpan.FromMinutes(2)));
            Assert.Contains("notebook cell failed on purpose", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>nbformat stores multi-line text either as a string or as a list of lines.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        null => "",
        _ => (string?)node ?? "",
    };
}
