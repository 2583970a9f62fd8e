using System.CommandLine;
using AdaptiveEtl.Kit.Scripting.Export;
using AdaptiveEtl.Kit.Scripting.Notebooks;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit export NB.ipynb [--out scripts/]</c> and <c>kit export --all notebooks/ [--out scripts/]</c>: exports the cells tagged
/// <c>production</c> to <c>&lt;out&gt;/&lt;name&gt;.csx</c> and <c>&lt;out&gt;/&lt;name&gt;.cs</c>; <c>--check</c> only reports stale scripts.
/// </summary>
public static class ExportCommands
{
    /// <summary>Creates the <c>export</c> command.</summary>
    public static Command Create()
    {
        var notebook = new Argument<string?>("notebook") { Description = "The .ipynb to export", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<string?>("--all") { Description = "Export every notebook of this folder that names a script (metadata.adaptive_etl_kit.script)" };
        var output = new Option<string>("--out") { Description = "Folder for the scripts", DefaultValueFactory = _ => "scripts" };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when a committed script differs from a fresh export (with --all)" };
        var command = new Command("export", "Export a notebook's production cells to a .csx script and a .NET 10 file-based .cs app");
        command.Arguments.Add(notebook);
        command.Options.Add(all);
        command.Options.Add(output);
        command.Options.Add(check);
        command.SetAction(parse =>
        {
            var nb = parse.GetValue(notebook);
            var folder = parse.GetValue(all);
            var outDir = parse.GetValue(output)!;
            if ((nb is null) == (folder is null))
            {
                Console.Error.WriteLine("kit export: give either a notebook (kit export NB.ipynb) or --all FOLDER");
                return KitExitCode.Usage;
            }
            try
            {
                if (parse.GetValue(check))
                {
                    if (folder is null)
                    {
                        var s = ProductionStepExporter.Render(nb!, outDir);
                        var stale = new[] { (s.CsxPath, s.CsxContent), (s.CsPath, s.CsContent) }
                            .Where(f => !File.Exists(f.Item1) || File.ReadAllText(f.Item1) != f.Item2).Select(f => f.Item1).ToList();
                        return Report(stale);
                    }
                    return Report(ProductionStepExporter.FindStaleScripts(folder, outDir));
                }
                var exported = folder is null ? [ProductionStepExporter.Export(nb!, outDir)] : ProductionStepExporter.ExportAll(folder, outDir);
                foreach (var s in exported)
                {
                    Console.WriteLine(s.CsxPath);
                    Console.WriteLine(s.CsPath);
                }
                if (exported.Count == 0) Console.Error.WriteLine($"kit export: no notebook in {folder} names a script (metadata.adaptive_etl_kit.script)");
                return KitExitCode.Ok;
            }
            catch (Exception e) when (e is ScriptExportException or NotebookFormatException or FileNotFoundException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"kit export: {e.Message}");
                return KitExitCode.BadInput;
            }
        });
        return command;
    }

    private static int Report(IReadOnlyList<string> stale)
    {
        foreach (var path in stale) Console.Error.WriteLine($"stale: {path} (run kit export)");
        return stale.Count == 0 ? KitExitCode.Ok : KitExitCode.ThresholdBreached; // --check: committed scripts differ from a fresh export
    }
}
