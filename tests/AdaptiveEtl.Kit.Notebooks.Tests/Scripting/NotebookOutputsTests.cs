using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Scripting.Notebooks;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

public sealed class NotebookOutputsTests
{
    private static NotebookDocument Notebook(params NotebookCell[] cells)
    {
        var nb = NotebookDocument.CreateCSharp();
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i].Id ??= $"c{i}";
            nb.Cells.Add(cells[i]);
        }
        return nb;
    }

    private static JsonObject Display(string html, string? svg = null)
    {
        var data = new JsonObject { ["text/html"] = html, ["text/plain"] = "x" };
        if (svg is not null) data["image/svg+xml"] = svg;
        return new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() };
    }

    private static JsonObject Stream(string name, string text) => new() { ["output_type"] = "stream", ["name"] = name, ["text"] = text };

    [Fact]
    public void ForCommit_keeps_the_sources_drops_the_injected_cell_and_the_inlined_plotly_js()
    {
        var original = Notebook(NotebookCell.Code("int n = 1;", "parameters"), NotebookCell.Code("display(chart);"));
        var executed = NotebookDocument.Parse(original.ToJson());
        NotebookRunner.InjectParameters(executed, "nb", new Dictionary<string, object?> { ["n"] = "5" });
        executed.Cells[2].Source = "changed by the run";
        executed.Cells[2].ExecutionCount = 3;
        executed.Cells[2].Outputs.Add(Display("<script type=\"text/javascript\" data-kit-plotly=\"3.0.1\">\nvar big = 1;\n</script>\n<div id=\"kit-chart-1\"><svg/></div>", "<svg data-kit-traces=\"2\"/>"));

        var committed = NotebookOutputs.ForCommit(original, executed);

        Assert.Equal(["c0", "c1"], committed.Cells.Select(c => c.Id));
        Assert.Equal("display(chart);", committed.Cells[1].Source);
        Assert.Equal(3, committed.Cells[1].ExecutionCount);
        var html = NotebookDocument.Parse(committed.ToJson()).Cells[1].Outputs[0]!["data"]!["text/html"]!.AsArray();
        Assert.Equal("<div id=\"kit-chart-1\"><svg/></div>", string.Concat(html.Select(l => (string?)l)));
    }

    [Fact]
    public void Structure_names_cells_outputs_table_shapes_and_traces_but_not_text_or_streams()
    {
        var a = Notebook(NotebookCell.Code("x"));
        a.Cells[0].Outputs.Add(Stream("stdout", "took 12 ms"));
        a.Cells[0].Outputs.Add(Stream("stderr", "warning"));
        a.Cells[0].Outputs.Add(Display("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"));
        a.Cells[0].Outputs.Add(Display("<div/>", "<svg data-kit-traces=\"3\"/>"));
        Assert.Equal(["c0: display_data(text/html,text/plain) table 2x2; display_data(image/svg+xml,text/html,text/plain) traces=3"], NotebookOutputs.Structure(a));

        var b = NotebookDocument.Parse(a.ToJson());
        b.Cells[0].Outputs.RemoveAt(1);
        b.Cells[0].Outputs.RemoveAt(0); // a stream that lands in another cell (or nowhere) on a loaded machine is no difference
        Assert.Empty(NotebookOutputs.Differences(a, b));

        // a cell tagged varying-rows compares its tables by column count only
        var log = Notebook(NotebookCell.Code("display(log)", NotebookOutputs.VaryingRowsTag));
        log.Cells[0].Outputs.Add(Display("<table><tr><th>a</th></tr><tr><td>1</td></tr></table>"));
        var longer = NotebookDocument.Parse(log.ToJson());
        longer.Cells[0].Outputs[0] = Display("<table><tr><th>a</th></tr><tr><td>1</td></tr><tr><td>2</td></tr></table>");
        Assert.Empty(NotebookOutputs.Differences(log, longer));

        b.Cells[0].Outputs[1] = Display("<div/>", "<svg data-kit-traces=\"4\"/>");
        var difference = Assert.Single(NotebookOutputs.Differences(a, b));
        Assert.Contains("traces=4", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Differences_reports_missing_outputs_and_missing_or_duplicate_ids()
    {
        var fresh = Notebook(NotebookCell.Code("x"), NotebookCell.Code("y"));
        fresh.Cells[0].Outputs.Add(Display("<p>1</p>"));
        var committed = Notebook(NotebookCell.Code("x"), NotebookCell.Code("y"));
        var differences = NotebookOutputs.Differences(committed, fresh);
        Assert.Contains("no outputs are committed", differences);
        Assert.Contains(differences, d => d.StartsWith("code cell 1: committed [c0: ]", StringComparison.Ordinal));

        committed.Cells[1].Id = "c0";
        Assert.Contains("cell id 'c0' is used 2 times", NotebookOutputs.Differences(committed, fresh));
    }
}
