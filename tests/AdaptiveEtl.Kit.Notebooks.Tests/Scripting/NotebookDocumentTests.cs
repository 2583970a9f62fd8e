using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Scripting.Notebooks;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

public sealed class NotebookDocumentTests
{
    private const string Jupyter = """
        {
         "cells": [
          {
           "cell_type": "markdown",
           "metadata": {"custom": {"keep": 1}},
           "source": ["# Title\n", "text"],
           "attachments": {"a.png": {"image/png": "AAAA"}}
          },
          {
           "cell_type": "code",
           "execution_count": 3,
           "metadata": {"tags": ["parameters"], "dotnet_interactive": {"language": "csharp"}},
           "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}],
           "source": "var a = 1;"
          }
         ],
         "metadata": {"kernelspec": {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"}, "unknown_tool": {"x": [1, 2]}},
         "nbformat": 4,
         "nbformat_minor": 4
        }
        """;

    [Fact]
    public void Round_trip_preserves_cells_tags_outputs_and_unknown_metadata()
    {
        var nb = NotebookDocument.Parse(Jupyter, "test.ipynb");
        Assert.Equal(2, nb.Cells.Count);
        Assert.Equal("# Title\ntext", nb.Cells[0].Source);
        Assert.Equal(["parameters"], nb.Cells[1].Tags);
        Assert.Equal(3, nb.Cells[1].ExecutionCount);
        var again = NotebookDocument.Parse(nb.ToJson(), "again");
        Assert.Equal(nb.ToJson(), again.ToJson());
        var json = JsonNode.Parse(again.ToJson())!;
        Assert.Equal(2, json["metadata"]!["unknown_tool"]!["x"]![1]!.GetValue<int>());
        Assert.Equal(1, json["cells"]![0]!["metadata"]!["custom"]!["keep"]!.GetValue<int>());
        Assert.Equal("AAAA", json["cells"]![0]!["attachments"]!["a.png"]!["image/png"]!.GetValue<string>());
        Assert.Equal("hi\n", json["cells"]![1]!["outputs"]![0]!["text"]![0]!.GetValue<string>());
        Assert.Null(json["cells"]![0]!["id"]); // nbformat 4.4: no cell ids invented
    }

    [Fact]
    public void New_notebooks_use_the_dotnet_interactive_csharp_kernelspec()
    {
        var nb = NotebookDocument.CreateCSharp("forecast");
        nb.Cells.Add(NotebookCell.Code("1", "production"));
        var json = JsonNode.Parse(nb.ToJson())!;
        Assert.Equal(".net-csharp", json["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", json["metadata"]!["language_info"]!["name"]!.GetValue<string>());
        Assert.Equal("forecast", json["metadata"]!["adaptive_etl_kit"]!["script"]!.GetValue<string>());
        Assert.Equal("csharp", json["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        var cell = json["cells"]![0]!;
        Assert.Equal("csharp", cell["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        Assert.Equal("csharp", cell["metadata"]!["dotnet_interactive"]!["language"]!.GetValue<string>());
        Assert.Equal("cell-1", cell["id"]!.GetValue<string>());
        Assert.Equal(5, json["nbformat_minor"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("{\"nbformat\": 3, \"cells\": []}", "nbformat 3 is not supported")]
    [InlineData("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"widget\"}]}", "cell 0 has cell_type 'widget'")]
    [InlineData("{oops", "not valid JSON")]
    public void Bad_notebooks_fail_naming_the_file_and_the_problem(string json, string expected)
    {
        var e = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Parse(json, "bad.ipynb"));
        Assert.StartsWith("bad.ipynb: ", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
