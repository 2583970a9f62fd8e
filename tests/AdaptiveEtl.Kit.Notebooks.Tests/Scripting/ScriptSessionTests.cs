using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

/// <summary>The Roslyn cell engine: state, results, display, errors, interrupt, completion, inspection, completeness.</summary>
public sealed class ScriptSessionTests
{
    private sealed class RecordingSink : IDisplaySink
    {
        public List<(FormattedValue Value, string? Id, bool IsUpdate)> Published { get; } = [];
        public void Publish(FormattedValue value, string? displayId, bool isUpdate) { lock (Published) Published.Add((value, displayId, isUpdate)); }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ScriptSession NewSession(TextWriter? output = null, IDisplaySink? sink = null) =>
        new(new ScriptSessionOptions { StandardOutput = output ?? new StringWriter(), DisplaySink = sink, SetCurrentDirectory = false });

    [Fact]
    public async Task Cells_share_state_and_a_trailing_expression_is_the_result()
    {
        await using var s = NewSession();
        var first = await s.ExecuteAsync("var x = 20;\nint Twice(int v) => 2 * v;", Ct);
        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.False(first.HasReturnValue);
        var second = await s.ExecuteAsync("Twice(x) + 2", Ct);
        Assert.True(second.Succeeded, second.Error?.Message);
        Assert.True(second.HasReturnValue);
        Assert.Equal(42, second.ReturnValue);
        Assert.Equal("42", second.FormattedReturnValue!.Data["text/plain"]);
        var third = await s.ExecuteAsync("x += 1;", Ct);
        Assert.False(third.HasReturnValue);
        Assert.Equal(21, (await s.ExecuteAsync("x", Ct)).ReturnValue);
        Assert.Equal(4, s.ExecutionCount);
    }

    [Fact]
    public async Task Console_output_reaches_the_writer_while_the_cell_runs()
    {
        var output = new StringWriter();
        await using var s = NewSession(output);
        var seenBeforeEnd = new TaskCompletionSource<string>();
        var probe = Task.Run(async () =>
        {
            // wait until the first line shows up while the cell still sleeps
            for (var i = 0; i < 200; i++)
            {
                if (output.ToString().Contains("first")) { seenBeforeEnd.TrySetResult(output.ToString()); return; }
                await Task.Delay(20, Ct);
            }
            seenBeforeEnd.TrySetResult("");
        }, Ct);
        var result = await s.ExecuteAsync("Console.WriteLine(\"first\"); System.Threading.Thread.Sleep(1500); Console.WriteLine(\"second\");", Ct);
        Assert.True(result.Succeeded, result.Error?.Message);
        var early = await seenBeforeEnd.Task;
        Assert.Contains("first", early);
        Assert.DoesNotContain("second", early);
        Assert.Contains("second", output.ToString());
    }

    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value) { first.Write(value); second.Write(value); }
        public override void Write(string? value) { first.Write(value); second.Write(value); }
    }

    [Fact]
    public async Task A_session_writer_that_echoes_to_the_console_does_not_recurse()
    {
        await using (var warmUp = NewSession()) await warmUp.ExecuteAsync("1", Ct); // the console router is installed now
        var captured = new StringWriter();
        // Console.Out is now the router: a writer echoing to it (a CLI log) must reach the real console, not itself
        await using var s = NewSession(new TeeWriter(captured, Console.Out));
        var r = await s.ExecuteAsync("Console.WriteLine(\"echoed\");", Ct);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal("echoed\n", captured.ToString());
    }

    [Fact]
    public async Task Display_publishes_and_update_reuses_the_display_id()
    {
        var sink = new RecordingSink();
        await using var s = NewSession(sink: sink);
        var r = await s.ExecuteAsync("var h = display(\"loading\");\nh.Update(\"done\");\ndisplay(\"<b>x</b>\", \"text/html\");", Ct);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(3, sink.Published.Count);
        Assert.Equal("loading", sink.Published[0].Value.Data["text/plain"]);
        Assert.False(sink.Published[0].IsUpdate);
        Assert.Equal("done", sink.Published[1].Value.Data["text/plain"]);
        Assert.True(sink.Published[1].IsUpdate);
        Assert.Equal(sink.Published[0].Id, sink.Published[1].Id);
        Assert.Equal("<b>x</b>", sink.Published[2].Value.Data["text/html"]);
        Assert.NotEqual(sink.Published[0].Id, sink.Published[2].Id);
    }

    [Fact]
    public async Task An_assembly_referenced_by_path_is_usable_and_a_missing_one_is_a_clear_error()
    {
        var dir = ScriptingTestRoot.NewFolder();
        Directory.CreateDirectory(Path.Combine(dir, "lib"));
        File.WriteAllBytes(Path.Combine(dir, "lib", "Kit.Scripting.PathProbe.dll"), TestPackageFeed.CompileProbe("Kit.Scripting.PathProbe", "by-path"));
        await using var s = new ScriptSession(new ScriptSessionOptions { WorkingDirectory = dir, SetCurrentDirectory = false, StandardOutput = new StringWriter() });
        var r = await s.ExecuteAsync("#r \"lib/Kit.Scripting.PathProbe.dll\"\nKit.Scripting.PathProbe.Probe.Hello(\"dll\")", Ct);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal("hello dll by-path", r.ReturnValue);
        var missing = await s.ExecuteAsync("#r \"lib/Nope.dll\"", Ct);
        Assert.Equal("DirectiveError", missing.Error!.Name);
        Assert.Equal($"line 1: #r \"lib/Nope.dll\": no assembly at {Path.Combine(dir, "lib", "Nope.dll")}", missing.Error.Message);
    }

    [Fact]
    public async Task Compile_errors_report_cell_relative_line_and_column_and_keep_the_session_usable()
    {
        await using var s = NewSession();
        await s.ExecuteAsync("var a = 1;", Ct);
        var r = await s.ExecuteAsync("var b = 2;\nfor (var i = 0; i < 3; i++) { }\nvar c = undefinedName + 1;", Ct);
        Assert.False(r.Succeeded);
        Assert.Equal("CompilationError", r.Error!.Name);
        // line 3, column 9: where `undefinedName` starts (1-based, as Roslyn prints (line,col))
        Assert.Contains("(3,9): error CS0103", r.Error.Message);
        Assert.Equal(1, (await s.ExecuteAsync("a", Ct)).ReturnValue);
    }

    [Fact]
    public async Task Runtime_errors_name_the_exception_and_cell_relative_lines()
    {
        await using var s = NewSession();
        var r = await s.ExecuteAsync("int Divide(int x, int y)\n{\n    return x / y;\n}\nvar zero = 0;\nDivide(1, zero);", Ct);
        Assert.False(r.Succeeded);
        Assert.Equal(nameof(DivideByZeroException), r.Error!.Name);
        Assert.IsType<DivideByZeroException>(r.Error.Exception);
        // innermost first; the engine's and Roslyn's frames are dropped
        Assert.Equal(["at Divide, line 3", "at line 6"], r.Error.StackTrace);
        Assert.True((await s.ExecuteAsync("1 + 1", Ct)).Succeeded);
    }

    [Theory]
    [InlineData("int Down(int n) => Down(n + 1) + 1;\nDown(0)")]
    [InlineData("int Down(int n)\n{\n    return Down(n + 1) + 1;\n}\nDown(0)")]
    [InlineData("void Spin(int n) => Spin(n + 1);\nSpin(0);")]
    [InlineData("class Deep { public static long Go(long n) => Go(n + 1) * 2; }\nDeep.Go(0)")]
    public async Task A_runaway_recursion_is_an_error_on_its_cell_not_a_dead_process(string cell)
    {
        // without the guard this is a StackOverflowException, which .NET cannot catch: the test host itself would die
        await using var s = NewSession();
        var r = await s.ExecuteAsync(cell, Ct);
        Assert.False(r.Succeeded);
        Assert.Equal(nameof(InsufficientExecutionStackException), r.Error!.Name);
        var next = await s.ExecuteAsync("1 + 1", Ct);
        Assert.True(next.Succeeded, next.Error?.Message);
    }

    [Fact]
    public async Task Expression_bodied_members_keep_their_results_and_line_numbers()
    {
        await using var s = NewSession();
        var r = await s.ExecuteAsync("int Twice(int n) => n * 2;\nasync System.Threading.Tasks.Task<int> Later() => await System.Threading.Tasks.Task.FromResult(Twice(21));\nawait Later()", Ct);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(42, r.ReturnValue);
        var e = await s.ExecuteAsync("int Fail(int d) => 1 / d;\nvar z = 0;\nFail(z);", Ct);
        Assert.Equal(["at Fail, line 1", "at line 3"], e.Error!.StackTrace);
    }

    [Fact]
    public async Task Cancelling_stops_an_infinite_loop_and_keeps_the_previous_state()
    {
        await using var s = NewSession();
        await s.ExecuteAsync("var counter = 1;", Ct);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = await s.ExecuteAsync("counter = 99;\nvar lost = 5;\nwhile (true) { }", cts.Token);
        Assert.False(r.Succeeded);
        Assert.Equal(nameof(OperationCanceledException), r.Error!.Name);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"interrupt took {clock.Elapsed}");
        Assert.Contains("interrupted;", r.Error.Message); // stopped by the injected check, not abandoned after the grace period
        // the cancelled cell did not become the new state: `lost` does not exist
        var probe = await s.ExecuteAsync("lost", Ct);
        Assert.False(probe.Succeeded);
        Assert.Contains("CS0103", probe.Error!.Message);
        Assert.True((await s.ExecuteAsync("counter", Ct)).Succeeded);
    }

    [Fact]
    public async Task Cancelling_stops_a_loop_without_braces_and_a_recursive_local_function()
    {
        await using var s = NewSession();
        using var cts1 = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        var r1 = await s.ExecuteAsync("long n = 0;\nwhile (n >= 0) n = (n + 1) % 1000;", cts1.Token);
        Assert.Equal(nameof(OperationCanceledException), r1.Error!.Name);
        using var cts2 = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        var r2 = await s.ExecuteAsync("void Spin() { Spin2(); }\nvoid Spin2() { for (;;) { } }\nSpin();", cts2.Token);
        Assert.Equal(nameof(OperationCanceledException), r2.Error!.Name);
    }

    [Fact]
    public async Task Top_level_using_declarations_live_until_the_session_ends()
    {
        var s = NewSession();
        List<string> log;
        try
        {
            var setup = await s.ExecuteAsync(
                "var log = new List<string>();\n" +
                "class Res(List<string> log, string name) : IDisposable { public string Name => name; public void Dispose() => log.Add(\"disposed \" + name); }\n" +
                "class AsyncRes(List<string> log, string name) : IAsyncDisposable { public string Name => name; public ValueTask DisposeAsync() { log.Add(\"async disposed \" + name); return ValueTask.CompletedTask; } }\n" +
                "log", Ct);
            log = Assert.IsType<List<string>>(setup.ReturnValue);
            // Roslyn scripting rejects `using var` at the top level; the engine keeps it working (and lines unchanged)
            var r = await s.ExecuteAsync("using var first = new Res(log, \"a\");\nawait using var second = new AsyncRes(log, \"b\"); // comment\nfirst.Name + second.Name", Ct);
            Assert.True(r.Succeeded, r.Error?.Message);
            Assert.Equal("ab", r.ReturnValue);
            Assert.Empty(log); // still alive for later cells
            Assert.Equal("a", (await s.ExecuteAsync("first.Name", Ct)).ReturnValue);
            var error = await s.ExecuteAsync("using var third = new Res(log, \"c\");\nvar bad = missing;", Ct);
            Assert.Contains("(2,11): error CS0103", error.Error!.Message);
        }
        finally
        {
            await s.DisposeAsync();
        }
        Assert.Equal(["async disposed b", "disposed a"], log);
    }

    [Fact]
    public async Task Completion_lists_members_of_a_variable_from_an_earlier_cell()
    {
        await using var s = NewSession();
        await s.ExecuteAsync("var names = new List<string> { \"a\" };", Ct);
        var code = "names.Ad";
        var items = await s.CompleteAsync(code, code.Length, Ct);
        Assert.Contains(items, i => i.DisplayText == "Add" && i.Kind == "Method");
        Assert.Contains(items, i => i.DisplayText == "AddRange");
        Assert.DoesNotContain(items, i => i.DisplayText == "Clear");
        var all = await s.CompleteAsync("names.", 6, Ct);
        Assert.Contains(all, i => i.DisplayText == "Count" && i.Kind == "Property");
        // the cursor is an offset into the cell as typed, directives included
        var withDirective = "#r \"nuget: Some.Package, 1.0\"\nnames.Ad";
        Assert.Contains(await s.CompleteAsync(withDirective, withDirective.Length, Ct), i => i.DisplayText == "AddRange");
    }

    [Fact]
    public async Task Inspect_returns_the_signature_and_xml_summary_of_own_and_bcl_methods()
    {
        await using var s = NewSession();
        await s.ExecuteAsync("/// <summary>Adds one to <paramref name=\"v\"/>.</summary>\nint Inc(int v) => v + 1;", Ct);
        var own = await s.InspectAsync("Inc(3)", 1, Ct);
        Assert.NotNull(own);
        Assert.Contains("Inc(int)", own!.Signature);
        Assert.Equal("Adds one to v.", own.Documentation);
        var bcl = await s.InspectAsync("Math.Sqrt(2.0)", 7, Ct);
        Assert.NotNull(bcl);
        Assert.Contains("Math.Sqrt(double)", bcl!.Signature);
        if (bcl.Documentation is null) Assert.Skip("the .NET reference pack with XML docs is not installed beside the runtime");
        Assert.Contains("square root", bcl.Documentation);
    }

    [Theory]
    [InlineData("var x = 1;", CompletenessResult.Complete)]
    [InlineData("x + 1", CompletenessResult.Complete)]
    [InlineData("if (x > 0) {", CompletenessResult.Incomplete)]
    [InlineData("var s = \"abc", CompletenessResult.Incomplete)]
    [InlineData("#r \"nuget: Foo, 1.0\"\nvar y = 2;", CompletenessResult.Complete)]
    [InlineData("var = ;", CompletenessResult.Invalid)]
    public async Task IsComplete_classifies_submissions(string code, CompletenessResult expected)
    {
        await using var s = NewSession();
        Assert.Equal(expected, s.IsComplete(code));
    }

    [Fact]
    public async Task Html_formatting_only_for_rich_types()
    {
        await using var s = NewSession();
        var n = await s.ExecuteAsync("3.5", Ct);
        Assert.Equal(["text/plain"], n.FormattedReturnValue!.Data.Keys);
        var list = await s.ExecuteAsync("new List<int> { 1, 2 }", Ct);
        Assert.Equal("[ 1, 2 ]", list.FormattedReturnValue!.Data["text/plain"]);
        Assert.DoesNotContain("text/html", list.FormattedReturnValue.Data.Keys);
        // a type with a registered HTML formatter (as the kit's Notebooks assembly registers for its results) gets text/html
        Microsoft.DotNet.Interactive.Formatting.Formatter.Register<HtmlProbe>((p, w) => w.Write($"<em>{p.Name}</em>"), "text/html");
        var formatted = ValueFormatter.Format(new HtmlProbe("drift"));
        Assert.Equal("<em>drift</em>", formatted.Data["text/html"]);
        Assert.Contains("drift", formatted.Data["text/plain"]);
    }

    public sealed record HtmlProbe(string Name);

    [Fact]
    public async Task A_formatter_registered_inside_a_cell_formats_that_cells_values()
    {
        // cells bind to the host's Microsoft.DotNet.Interactive.Formatting, so registrations reach ValueFormatter
        await using var s = NewSession();
        var r = await s.ExecuteAsync("public record Tag(string N);\nMicrosoft.DotNet.Interactive.Formatting.Formatter.Register<Tag>((t, w) => w.Write($\"<i>{t.N}</i>\"), \"text/html\");\nnew Tag(\"x\")", Ct);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal("<i>x</i>", r.FormattedReturnValue!.Data["text/html"]);
    }
}
