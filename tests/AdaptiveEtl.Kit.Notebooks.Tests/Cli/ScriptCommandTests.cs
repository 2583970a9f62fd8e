using System.CommandLine;
using AdaptiveEtl.Kit.Cli.Commands;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Cli;

/// <summary><c>kit script run X.csx -- ARGS</c> on the kit's engine.</summary>
public class ScriptCommandTests
{
    private static Task<int> Kit(params string[] args) =>
        new RootCommand { ScriptCommands.Create() }.Parse(args).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Runs_a_csx_with_its_arguments_and_returns_its_exit_code()
    {
        var dir = Directory.CreateTempSubdirectory("aek-script-").FullName;
        try
        {
            var path = Path.Combine(dir, "count.csx");
            // the exit code is 40 + the number of arguments after --, and an option-looking argument reaches the script
            await File.WriteAllTextAsync(path, "return Args.Contains(\"--flag\") ? 40 + Args.Count : 1;\n", TestContext.Current.CancellationToken);
            Assert.Equal(42, await Kit("script", "run", path, "--", "--flag", "x"));
            Assert.Equal(KitExitCode.BadInput, await Kit("script", "run", Path.Combine(dir, "missing.csx")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Strict_rejects_what_dotnet_script_rejects_naming_the_line()
    {
        var dir = Directory.CreateTempSubdirectory("aek-script-").FullName;
        var error = new StringWriter();
        var before = Console.Error;
        try
        {
            var path = Path.Combine(dir, "feed.csx");
            // dotnet-script fails on #i with "error CS1024: Preprocessor directive expected" (issue 16); the kit's own mode accepts it
            await File.WriteAllTextAsync(path, "return 7;\n#i \"nuget: ../feed\"\n", TestContext.Current.CancellationToken);
            Assert.Equal(7, await Kit("script", "run", path));
            Console.SetError(error);
            Assert.Equal(1, await Kit("script", "run", "--strict", path));
        }
        finally
        {
            Console.SetError(before);
            Directory.Delete(dir, recursive: true);
        }
        Assert.Contains("line 2: #i \"nuget: ../feed\" is not a dotnet-script directive", error.ToString());
    }
}
