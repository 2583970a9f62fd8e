using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Kernel.Execution;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

public sealed class ExecutionHistoryTests
{
    private static ExecutionHistory Sample()
    {
        var history = new ExecutionHistory();
        history.Add(1, "var a = 1;");
        history.Add(2, "a + 1");
        history.Add(3, "var b = a;");
        history.Add(4, "a + 1");
        return history;
    }

    private static List<(int Session, int Line, string Input)> Query(ExecutionHistory h, JsonObject request) =>
        h.Query(request).Select(e => ((int)e![0]!, (int)e[1]!, (string)e[2]!)).ToList();

    [Fact]
    public void Tail_returns_the_last_n_inputs()
    {
        Assert.Equal([(1, 3, "var b = a;"), (1, 4, "a + 1")], Query(Sample(), new JsonObject { ["hist_access_type"] = "tail", ["n"] = 2 }));
    }

    [Fact]
    public void Range_selects_lines_of_a_session_with_stop_exclusive()
    {
        Assert.Equal([(1, 2, "a + 1"), (1, 3, "var b = a;")], Query(Sample(), new JsonObject { ["hist_access_type"] = "range", ["session"] = 0, ["start"] = 2, ["stop"] = 4 }));
    }

    [Fact]
    public void Search_matches_globs_and_unique_keeps_the_latest()
    {
        var h = Sample();
        Assert.Equal([2, 4], Query(h, new JsonObject { ["hist_access_type"] = "search", ["pattern"] = "a +*" }).Select(e => e.Line));
        Assert.Equal([1, 3, 4], Query(h, new JsonObject { ["hist_access_type"] = "search", ["pattern"] = "*", ["unique"] = true }).Select(e => e.Line));
    }

    [Fact]
    public void Output_true_returns_input_output_pairs_with_null_for_cells_without_a_result()
    {
        var h = new ExecutionHistory();
        h.Add(1, "var a = 1;");
        h.Add(2, "a - 1", "0");
        var history = h.Query(new JsonObject { ["hist_access_type"] = "tail", ["output"] = true });
        Assert.Equal("[[1,1,[\"var a = 1;\",null]],[1,2,[\"a - 1\",\"0\"]]]", history.ToJsonString());
        Assert.Equal("[[1,1,\"var a = 1;\"],[1,2,\"a - 1\"]]", h.Query(new JsonObject { ["hist_access_type"] = "tail" }).ToJsonString());
    }
}
