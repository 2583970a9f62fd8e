using System.CommandLine;
using AdaptiveEtl.Kit.Scripting.Notebooks;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit notebook run NB.ipynb [-p name=value …] [-o OUT.ipynb | --in-place] [--timeout S]</c>: runs a notebook headless on the kit's
/// engine (papermill-style parameters); exits non-zero naming the notebook, cell and exception when a cell fails.
/// </summary>
public static class NotebookCommands
{
    /// <summary>Creates the <c>notebook</c> command with its <c>run</c> subcommand.</summary>
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook") { Description = "The .ipynb file to run" };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "A parameter as name=value (repeatable); typed from the notebook's cell tagged 'parameters'",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the executed notebook (outputs, execution counts) here" };
        var timeout = new Option<double?>("--timeout") { Description = "Maximum seconds per cell" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not echo the cells' output" };
        var inPlace = new Option<bool>("--in-place")
        {
            Description = "Store the outputs in the notebook itself (sources unchanged, no injected parameters cell, no inlined plotly.js): how the committed notebooks get their outputs",
        };
        var run = new Command("run", "Run a notebook headless (every code cell in order) and optionally save the executed notebook");
        run.Arguments.Add(notebook);
        run.Options.Add(parameters);
        run.Options.Add(output);
        run.Options.Add(timeout);
        run.Options.Add(quiet);
        run.Options.Add(inPlace);
        run.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(notebook)!;
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in parse.GetValue(parameters) ?? [])
            {
                var eq = p.IndexOf('=');
                if (eq <= 0)
                {
                    Console.Error.WriteLine($"kit notebook run: expected -p name=value but got '{p}'");
                    return KitExitCode.Usage;
                }
                values[p[..eq]] = p[(eq + 1)..];
            }
            var seconds = parse.GetValue(timeout);
            if (seconds is <= 0)
            {
                Console.Error.WriteLine($"kit notebook run: --timeout must be a positive number of seconds, got {seconds}");
                return KitExitCode.Usage;
            }
            if (parse.GetValue(inPlace) && parse.GetValue(output) is not null)
            {
                Console.Error.WriteLine("kit notebook run: --in-place and --output exclude each other");
                return 2;
            }
            var options = new NotebookRunOptions
            {
                OutputPath = parse.GetValue(output),
                CellTimeout = seconds is { } s ? TimeSpan.FromSeconds(s) : null,
                Log = parse.GetValue(quiet) ? null : Console.Out,
            };
            try
            {
                var executed = await NotebookRunner.RunAsync(path, values, options, cancellationToken);
                if (parse.GetValue(inPlace))
                {
                    NotebookOutputs.ForCommit(NotebookDocument.Load(path), executed).Save(path);
                    options = options with { OutputPath = path };
                }
                var cells = executed.Cells.Count(c => c.CellType == NotebookCellType.Code && c.ExecutionCount is not null);
                Console.WriteLine($"{path}: {cells} code cells ran" + (options.OutputPath is null ? " (outputs not saved; use -o OUT.ipynb)" : $"; executed notebook written to {options.OutputPath}"));
                return KitExitCode.Ok;
            }
            catch (NotebookExecutionException e)
            {
                Console.Error.WriteLine(e.Message);
                foreach (var frame in e.Error.StackTrace) Console.Error.WriteLine("   " + frame);
                if (options.OutputPath is not null) Console.Error.WriteLine($"executed notebook (with the error) written to {options.OutputPath}");
                return KitExitCode.BadInput; // a cell of the notebook failed
            }
            catch (Exception e) when (e is ArgumentException or NotebookFormatException or FileNotFoundException)
            {
                Console.Error.WriteLine($"kit notebook run: {e.Message}");
                return KitExitCode.BadInput;
            }
        });
        var command = new Command("notebook", "C# notebooks: headless runs on the kit's Roslyn engine");
        command.Subcommands.Add(run);
        return command;
    }
}
