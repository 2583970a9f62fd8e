using System.CommandLine;
using AdaptiveEtl.Kit.Cli.Config;
using AdaptiveEtl.Kit.Cli.Output;
using AdaptiveEtl.Kit.Samples;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit init</c>: writes a commented example <c>kit.yaml</c> that <c>kit run --config</c> runs as-is against the sample
/// folder (generated first when it does not exist). It never overwrites an existing file without <c>--force</c>.
/// </summary>
/// <remarks>Exit codes (<see cref="KitExitCode"/>): 0 written, 1 the file exists (use --force), 2 the file cannot be written.</remarks>
public static class InitCommand
{
    /// <summary>Creates the <c>init</c> command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Config file to write", DefaultValueFactory = _ => "kit.yaml" };
        var samples = new Option<string>("--samples") { Description = "Sample folder the example points at (generated when missing)", DefaultValueFactory = _ => "data-samples" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file" };
        var command = new Command("init", "Write a commented example kit.yaml (runs as-is on the sample data; edit it for your own)");
        command.Options.Add(output);
        command.Options.Add(samples);
        command.Options.Add(force);
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(output)!);
            if (File.Exists(path) && !parse.GetValue(force))
            {
                KitConsole.Error("kit init", $"{path} exists; pass --force to overwrite it.");
                return KitExitCode.Usage;
            }
            try
            {
                var folder = Path.GetDirectoryName(path)!;
                Directory.CreateDirectory(folder);
                var dir = Path.GetFullPath(parse.GetValue(samples)!);
                if (!File.Exists(Path.Combine(dir, "etl_runs.csv")))
                {
                    SampleDataGenerator.Generate(dir);
                    Console.Out.WriteLine($"sample data generated into {dir}");
                }
                var relative = Path.GetRelativePath(folder, dir).Replace('\\', '/');
                var staged = path + ".tmp";
                File.WriteAllText(staged, ExampleConfig.Text(relative));
                File.Move(staged, path, overwrite: true); // never a half-written config
                Console.Out.WriteLine($"wrote {path}; run it with: kit run --config {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
                return KitExitCode.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                KitConsole.Error("kit init", $"{path}: cannot write: {e.Message}");
                return KitExitCode.BadInput;
            }
        });
        return command;
    }
}
