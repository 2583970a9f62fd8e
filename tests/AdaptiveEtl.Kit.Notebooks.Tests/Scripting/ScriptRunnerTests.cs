using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

/// <summary>.csx scripts with dotnet-script semantics on the kit's engine.</summary>
public sealed class ScriptRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (string Main, StringWriter Out, StringWriter Err, ScriptSessionOptions Options) Setup(string main, string? helper = null)
    {
        var dir = NotebookTestFiles.TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "lib"));
        if (helper is not null) File.WriteAllText(Path.Combine(dir, "lib", "helper.csx"), helper);
        var path = Path.Combine(dir, "main.csx");
        File.WriteAllText(path, main);
        var output = new StringWriter();
        var error = new StringWriter();
        return (path, output, error, new ScriptSessionOptions { StandardOutput = output, StandardError = error, SetCurrentDirectory = false });
    }

    [Fact]
    public async Task Args_load_and_a_returned_exit_code()
    {
        var (main, output, _, options) = Setup(
            "#load \"lib/helper.csx\"\nConsole.WriteLine(Shout(string.Join(\"+\", Args)));\nreturn Args.Count + 40;",
            "static string Shout(string s) => s.ToUpperInvariant() + \"!\";");
        var exit = await ScriptRunner.RunAsync(main, ["a", "b"], options, Ct);
        Assert.Equal(42, exit);
        Assert.Equal("A+B!\n", output.ToString());
    }

    [Fact]
    public async Task Environment_ExitCode_is_the_exit_code_when_nothing_is_returned()
    {
        var (main, _, _, options) = Setup("Environment.ExitCode = 7;");
        Assert.Equal(7, await ScriptRunner.RunAsync(main, [], options, Ct));
        Assert.Equal(0, Environment.ExitCode); // the host's exit code is restored
        var (plain, _, _, options2) = Setup("var x = 1;");
        Assert.Equal(0, await ScriptRunner.RunAsync(plain, [], options2, Ct));
    }

    [Fact]
    public async Task An_uncaught_exception_exits_1_with_the_message_on_stderr()
    {
        var (main, _, error, options) = Setup("Console.WriteLine(\"start\");\nthrow new InvalidOperationException(\"pipeline orders_daily has no runs\");");
        Assert.Equal(1, await ScriptRunner.RunAsync(main, [], options, Ct));
        Assert.Contains("main.csx: InvalidOperationException: pipeline orders_daily has no runs", error.ToString());
        Assert.Contains("at line 2", error.ToString());
    }

    [Fact]
    public async Task A_compile_error_exits_1_naming_the_position()
    {
        var (main, _, error, options) = Setup("var a = 1;\nvar b = a +;");
        Assert.Equal(1, await ScriptRunner.RunAsync(main, [], options, Ct));
        Assert.Contains("CompilationError", error.ToString());
        Assert.Contains("(2,12): error CS1525", error.ToString());
    }
}
