using System.CommandLine;
using AdaptiveEtl.Kit.Samples;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary><c>kit samples generate [DIR] [--seed N]</c>: writes the sample data set.</summary>
public static class SamplesCommands
{
    /// <summary>Creates the <c>samples</c> command.</summary>
    public static Command Create()
    {
        var dir = new Argument<string>("directory") { Description = "Output folder", DefaultValueFactory = _ => "data-samples" };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => SampleDataGenerator.DefaultSeed };
        var generate = new Command("generate", "Write the sample data set (run history, landing zone, query log, customers)");
        generate.Arguments.Add(dir);
        generate.Options.Add(seed);
        generate.SetAction(parse =>
        {
            foreach (var path in SampleDataGenerator.Generate(parse.GetValue(dir)!, parse.GetValue(seed)))
                Console.WriteLine(path);
            return KitExitCode.Ok;
        });
        var samples = new Command("samples", "Sample data");
        samples.Subcommands.Add(generate);
        return samples;
    }
}
