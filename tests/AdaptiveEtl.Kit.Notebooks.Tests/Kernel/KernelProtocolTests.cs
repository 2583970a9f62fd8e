using System.Text.Json.Nodes;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

/// <summary>
/// Runs <c>kernel_protocol_check.py</c> once: jupyter_client (a real client) starts the installed kernel, drives it
/// through every request type and records what came back; each test asserts one protocol behaviour on that record.
/// </summary>
public sealed class KernelProtocolReport
{
    /// <summary>A cell executed before the completion probe: references the kit's core assembly, as a notebook's first cell does.</summary>
    public static string CompletionSetup => $"#r \"{typeof(EtlKit).Assembly.Location}\"\nusing AdaptiveEtl.Kit;\nvar kit = EtlKit.InMemory();";

    /// <summary>The completion probe: <c>kit.</c> + Tab on the kit's facade.</summary>
    public const string CompletionCode = "kit.";

    /// <summary>Members the completion of <see cref="CompletionCode"/> must offer: the kit's capabilities.</summary>
    public static readonly string[] ExpectedCompletionMembers = ["PredictNextTrigger", "CompareDrift", "CaptureLineage", "Forecasters", "History"];

    private readonly Lazy<JsonObject> _report = new(Run, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The observations (skips the test when Jupyter is unavailable).</summary>
    public JsonObject Report
    {
        get
        {
            JupyterClientHarness.RequireJupyter();
            return _report.Value;
        }
    }

    private static JsonObject Run()
    {
        var harness = JupyterClientHarness.Shared;
        var result = harness.RunPythonScript("kernel_protocol_check.py", [JupyterClientHarness.KernelName, CompletionCode, string.Join(',', ExpectedCompletionMembers), CompletionSetup], TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0) throw new InvalidOperationException($"kernel_protocol_check.py failed ({result.ExitCode}):\n{result.StdErr}\n{result.StdOut}");
        var lastLine = result.StdOut.Trim().Split('\n')[^1];
        return (JsonObject)JsonNode.Parse(lastLine)!;
    }
}

/// <summary>The kernel's Jupyter messaging protocol 5.3, checked with jupyter_client.</summary>
[Collection(KernelTestCollection.Name)]
public sealed class KernelProtocolTests(KernelProtocolReport fixture) : IClassFixture<KernelProtocolReport>
{
    private JsonObject R => fixture.Report;

    private static IEnumerable<JsonObject> Messages(JsonNode? iopub, string type) =>
        iopub!.AsArray().OfType<JsonObject>().Where(m => (string?)m["type"] == type).Select(m => (JsonObject)m["content"]!);

    [Fact]
    public void KernelInfo_announces_protocol_5_3_and_csharp()
    {
        var info = R["kernel_info"]!;
        Assert.Equal("ok", (string?)info["status"]);
        Assert.Equal("5.3", (string?)info["protocol_version"]);
        Assert.Equal("csharp", (string?)info["language_info"]!["name"]);
        Assert.Equal("text/x-csharp", (string?)info["language_info"]!["mimetype"]);
        Assert.Equal(".cs", (string?)info["language_info"]!["file_extension"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)info["banner"]));
        Assert.NotEmpty(info["help_links"]!.AsArray());
    }

    [Fact]
    public void Every_request_is_wrapped_in_busy_then_idle()
    {
        foreach (var iopub in new[] { R["kernel_info_iopub"]!, R["state"]!["second_iopub"]!, R["comm_open_iopub"]! })
        {
            var all = iopub.AsArray().OfType<JsonObject>().ToList();
            Assert.Equal("busy", (string?)all[0]["content"]!["execution_state"]);
            Assert.Equal("idle", (string?)all[^1]["content"]!["execution_state"]);
        }
    }

    [Fact]
    public void Execute_keeps_state_across_cells_and_counts_executions()
    {
        Assert.Equal(1, (int)R["state"]!["first_reply"]!["execution_count"]!);
        Assert.Equal(2, (int)R["state"]!["second_reply"]!["execution_count"]!);
        var io = R["state"]!["second_iopub"]!;
        Assert.Equal("counter + 1", (string?)Messages(io, "execute_input").Single()["code"]);
        var result = Messages(io, "execute_result").Single();
        Assert.Equal("42", (string?)result["data"]!["text/plain"]);
        Assert.Equal(2, (int)result["execution_count"]!);
    }

    [Fact]
    public void Stdout_and_stderr_keep_their_order()
    {
        var streams = R["streams"]!.AsArray().Select(s => ((string?)s!["name"], ((string?)s["text"])!.Trim())).ToList();
        Assert.Equal([("stdout", "one"), ("stderr", "two"), ("stdout", "three")], streams);
    }

    [Fact]
    public void Output_is_streamed_while_the_cell_still_runs()
    {
        // The cell prints "early", sleeps 1.5 s, prints "late": "early" must leave the kernel well before the reply.
        Assert.Equal("early\nlate\n", (string?)R["progress"]!["texts"]);
        Assert.True((double)R["progress"]!["early_before_reply_seconds"]! > 1.0, R["progress"]!.ToJsonString());
    }

    [Fact]
    public void Display_and_update_display_share_a_display_id_and_carry_rich_bundles()
    {
        var io = R["display"]!["iopub"]!;
        var displays = Messages(io, "display_data").ToList();
        var update = Messages(io, "update_display_data").Single();
        Assert.Equal(2, displays.Count);
        var id = (string?)displays[0]["transient"]!["display_id"];
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(id, (string?)update["transient"]!["display_id"]);
        Assert.Equal("first", (string?)displays[0]["data"]!["text/plain"]);
        Assert.Equal("second", (string?)update["data"]!["text/plain"]);
        Assert.Equal("<b>bold</b>", (string?)displays[1]["data"]!["text/html"]);
        Assert.NotNull(displays[1]["data"]!["text/plain"]);
    }

    [Fact]
    public void Runtime_error_has_name_value_and_traceback()
    {
        var reply = R["runtime_error"]!["reply"]!;
        Assert.Equal("error", (string?)reply["status"]);
        var error = Messages(R["runtime_error"]!["iopub"], "error").Single();
        Assert.Equal("InvalidOperationException", (string?)error["ename"]);
        Assert.Equal("boom", (string?)error["evalue"]);
        Assert.StartsWith("InvalidOperationException: boom", (string?)error["traceback"]![0]);
    }

    [Fact]
    public void Compile_error_is_reported_with_the_diagnostic()
    {
        Assert.Equal("error", (string?)R["compile_error"]!["reply"]!["status"]);
        var error = Messages(R["compile_error"]!["iopub"], "error").Single();
        Assert.Contains("CS0029", (string?)error["evalue"]);
        // once, not repeated as frames; the last line names the cell as the user sees it
        var traceback = error["traceback"]!.AsArray().Select(l => (string?)l ?? "").ToList();
        Assert.Single(traceback, l => l.Contains("CS0029", StringComparison.Ordinal));
        Assert.Matches(@"^in cell In \[\d+\]", traceback[^1]);
    }

    [Fact]
    public void Stop_on_error_aborts_the_queued_executions_only()
    {
        Assert.Equal(["error", "aborted", "aborted"], R["stop_on_error"]!.AsArray().Select(s => (string?)s));
        // The aborted cells (counter = 1000 / 2000) did not run; the next request runs normally.
        Assert.Equal("41", (string?)R["after_abort"]![0]!["data"]!["text/plain"]);
    }

    [Fact]
    public void Silent_execution_publishes_nothing_and_does_not_count()
    {
        var silent = R["silent"]!;
        Assert.Equal(["status", "status"], silent["iopub_types"]!.AsArray().Select(s => (string?)s));
        Assert.Equal((int)silent["count_before"]!, (int)silent["reply"]!["execution_count"]!);
        Assert.Equal((int)silent["count_before"]! + 1, (int)silent["next_reply"]!["execution_count"]!);
        Assert.Equal("10", (string?)silent["next_result"]![0]!["data"]!["text/plain"]);
    }

    [Fact]
    public void Completion_offers_the_members_at_the_cursor()
    {
        var reply = R["complete"]!;
        var matches = reply["matches"]!.AsArray().Select(m => (string?)m).ToList();
        foreach (var member in KernelProtocolReport.ExpectedCompletionMembers) Assert.Contains(member, matches);
        Assert.Equal(KernelProtocolReport.CompletionCode.Length, (int)reply["cursor_start"]!);
        Assert.Equal(KernelProtocolReport.CompletionCode.Length, (int)reply["cursor_end"]!);
    }

    [Fact]
    public void Inspect_returns_the_signature_and_xml_documentation()
    {
        var reply = R["inspect"]!;
        Assert.True((bool)reply["found"]!);
        var text = (string?)reply["data"]!["text/plain"];
        Assert.Contains("WriteLine", text);
        Assert.Contains("standard output", text);
        Assert.Contains("```csharp", (string?)reply["data"]!["text/markdown"]);
    }

    [Fact]
    public void Is_complete_tells_complete_incomplete_and_invalid_apart()
    {
        var r = R["is_complete"]!;
        Assert.Equal("complete", (string?)r["complete"]!["status"]);
        Assert.Equal("incomplete", (string?)r["incomplete"]!["status"]);
        Assert.Equal("    ", (string?)r["incomplete"]!["indent"]);
        Assert.Equal("invalid", (string?)r["invalid"]!["status"]);
    }

    [Fact]
    public void History_lists_the_stored_inputs_in_order()
    {
        var history = R["history"]!["history"]!.AsArray().Select(h => ((int)h![1]!, (string?)h[2])).ToList();
        Assert.Equal((1, "var counter = 41;"), history[0]);
        Assert.Equal((2, "counter + 1"), history[1]);
        Assert.DoesNotContain(history, h => h.Item2!.Contains("hidden-output"));
    }

    [Fact]
    public void Comm_info_is_empty_and_comm_open_is_closed_at_once()
    {
        Assert.Empty(R["comm_info"]!["comms"]!.AsObject());
        Assert.Equal("c-1", (string?)Messages(R["comm_open_iopub"], "comm_close").Single()["comm_id"]);
    }

    [Fact]
    public void Interrupt_stops_an_infinite_loop_and_keeps_the_state()
    {
        var interrupt = R["interrupt"]!;
        Assert.Equal("error", (string?)interrupt["reply"]!["status"]);
        // counter (41) and hidden (5) were defined before the loop.
        Assert.Equal("46", (string?)interrupt["after"]![0]!["data"]!["text/plain"]);
    }

    [Fact]
    public void A_message_with_a_bad_signature_is_dropped_and_the_kernel_keeps_serving()
    {
        Assert.False((bool)R["bad_signature_replied"]!);
        Assert.Equal("ok", (string?)R["alive_after_bad_signature"]);
        Assert.Contains("invalid HMAC signature", (string?)R["kernel_stderr"]);
    }

    [Fact]
    public void Shutdown_replies_on_control_and_the_process_exits()
    {
        var shutdown = R["shutdown"]!;
        Assert.Equal("ok", (string?)shutdown["reply"]!["status"]);
        Assert.False((bool)shutdown["reply"]!["restart"]!);
        Assert.True((bool)shutdown["exited"]!);
    }

    [Fact]
    public void Shutdown_ends_the_process_even_when_a_cell_ignores_the_interrupt()
    {
        // Thread.Sleep(Infinite) cannot observe cancellation; the kernel still replies and exits after its grace period.
        var shutdown = R["shutdown_blocked_cell"]!;
        Assert.Equal("ok", (string?)shutdown["reply"]!["status"]);
        Assert.True((bool)shutdown["exited"]!, shutdown.ToJsonString());
    }

    [Fact]
    public void Restart_through_jupyter_client_gives_a_fresh_session()
    {
        var restart = R["restart"]!;
        var observed = restart.ToJsonString();
        // "counter" was defined before the restart; the fresh kernel does not know it (CS0103).
        Assert.True((string?)restart["old_variable_status"] == "error", observed);
        Assert.Contains("CS0103", (string?)restart["old_variable_error"] ?? observed);
        Assert.True((int?)restart["fresh_reply"]?["execution_count"] == 2, observed);
        Assert.True((string?)restart["fresh_result"]?.AsArray().FirstOrDefault()?["data"]?["text/plain"] == "1", observed);
    }
}
