using System.CommandLine;
using AdaptiveEtl.Kit.Cli.Commands;

var root = new RootCommand("AdaptiveEtl.Kit: proactive ETL — trigger forecasting, lineage, drift-aware synthetic data, notebooks.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(InitCommand.Create());
root.Subcommands.Add(NotebookCommands.Create());
root.Subcommands.Add(ExportCommands.Create());
root.Subcommands.Add(KernelCommands.Create());
root.Subcommands.Add(SamplesCommands.Create());
root.Subcommands.Add(SchemaCommands.Create());
root.Subcommands.Add(WatchCommand.Create());
root.Subcommands.Add(ScriptCommands.Create());
return await root.Parse(args).InvokeAsync();
