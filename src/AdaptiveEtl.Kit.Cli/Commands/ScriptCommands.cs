using System.CommandLine;
using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit script run X.csx [-- ARGS…]</c>: runs a .csx file with dotnet-script semantics on the kit's engine
/// (<see cref="ScriptRunner"/>), so the exported scripts run without dotnet-script; exits with the script's exit code.
/// <c>--strict</c> rejects what dotnet-script would reject (<see cref="ScriptMode.StrictDotnetScript"/>).
/// </summary>
public static class ScriptCommands
{
    /// <summary>Creates the <c>script</c> command with its <c>run</c> subcommand.</summary>
    public static Command Create()
    {
        var script = new Argument<string>("script") { Description = "The .csx file to run" };
        var arguments = new Argument<string[]>("arguments")
        {
            Description = "The script's arguments (its Args), after --: kit script run scripts/drift-check.csx -- --failOnDrift true",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var strict = new Option<bool>("--strict")
        {
            Description = "Accept only what dotnet-script accepts (no #i or notebook magics, dotnet-script's default usings, no display): check that a script will run there",
        };
        var run = new Command("run", "Run a .csx script (dotnet-script semantics) on the kit's engine; exits with the script's exit code");
        run.Arguments.Add(script);
        run.Arguments.Add(arguments);
        run.Options.Add(strict);
        run.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(script)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"kit script run: {Path.GetFullPath(path)} does not exist");
                return KitExitCode.BadInput;
            }
            var options = new ScriptSessionOptions { Mode = parse.GetValue(strict) ? ScriptMode.StrictDotnetScript : ScriptMode.Script };
            return await ScriptRunner.RunAsync(path, parse.GetValue(arguments) ?? [], options, cancellationToken);
        });
        var command = new Command("script", "C# scripts (.csx), such as the ones kit export writes");
        command.Subcommands.Add(run);
        return command;
    }
}
