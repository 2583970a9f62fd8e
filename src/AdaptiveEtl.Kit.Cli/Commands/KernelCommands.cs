using System.CommandLine;
using AdaptiveEtl.Kit.Kernel;
using AdaptiveEtl.Kit.Kernel.Installation;

namespace AdaptiveEtl.Kit.Cli.Commands;

/// <summary>
/// <c>kit kernel</c>: run the kit's Jupyter kernel for C# and install/uninstall its kernelspec.
/// <list type="bullet">
/// <item><c>kit kernel start --connection-file F</c> (what Jupyter runs)</item>
/// <item><c>kit kernel install [--user | --prefix DIR] [--name NAME] [--display-name TEXT]</c></item>
/// <item><c>kit kernel uninstall [--name NAME] [--prefix DIR]</c></item>
/// </list>
/// </summary>
public static class KernelCommands
{
    /// <summary>Creates the <c>kernel</c> command with its subcommands.</summary>
    public static Command Create()
    {
        var kernel = new Command("kernel", "The kit's Jupyter kernel for C# (messaging protocol 5.3).");
        kernel.Add(CreateStart());
        kernel.Add(CreateInstall());
        kernel.Add(CreateUninstall());
        return kernel;
    }

    private static Command CreateStart()
    {
        var connectionFile = new Option<FileInfo>("--connection-file", "-f") { Description = "The connection file Jupyter wrote for this kernel.", Required = true };
        var start = new Command("start", "Start the kernel (Jupyter runs this through the installed kernelspec).") { connectionFile };
        start.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(connectionFile);
            int exitCode;
            try
            {
                exitCode = await KernelHost.RunAsync(file.FullName, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return KitExitCode.BadInput;
            }
            // A cell may have started foreground threads the interrupt could not stop; after shutdown_request the kernel
            // process must end (jupyter_client otherwise waits, then kills it).
            Environment.Exit(exitCode);
            return exitCode;
        });
        return start;
    }

    private static Command CreateInstall()
    {
        var user = new Option<bool>("--user") { Description = $"Install for the current user ({KernelSpecInstaller.UserKernelsDirectory})." };
        var prefix = new Option<DirectoryInfo?>("--prefix") { Description = "Install into PREFIX/share/jupyter/kernels (Jupyter finds it with JUPYTER_PATH=PREFIX/share/jupyter)." };
        var name = NameOption();
        var displayName = new Option<string>("--display-name") { Description = "The name shown in Jupyter.", DefaultValueFactory = _ => KernelSpecInstaller.DefaultDisplayName };
        var install = new Command("install", "Install the kernelspec so Jupyter (notebook, lab, nbconvert, papermill) can start this kernel.") { user, prefix, name, displayName };
        install.Validators.Add(result =>
        {
            if (result.GetValue(user) && result.GetValue(prefix) is not null) result.AddError("--user and --prefix are mutually exclusive: choose one target.");
        });
        install.SetAction(parse =>
        {
            var target = parse.GetValue(prefix) is { } p ? KernelSpecInstaller.PrefixKernelsDirectory(p.FullName)
                : parse.GetValue(user) ? KernelSpecInstaller.UserKernelsDirectory
                : KernelSpecInstaller.DefaultKernelsDirectory;
            try
            {
                var dir = KernelSpecInstaller.Install(target, name: parse.GetRequiredValue(name), displayName: parse.GetRequiredValue(displayName));
                parse.InvocationConfiguration.Output.WriteLine($"Installed kernelspec '{parse.GetRequiredValue(name)}' in {dir}");
                return KitExitCode.Ok;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"Could not install the kernelspec into {target}: {e.Message}");
                return KitExitCode.Usage;
            }
        });
        return install;
    }

    private static Command CreateUninstall()
    {
        var name = NameOption();
        var prefix = new Option<DirectoryInfo?>("--prefix") { Description = "Also look in PREFIX/share/jupyter/kernels." };
        var uninstall = new Command("uninstall", "Remove the kernelspec from the user's and the system-wide kernels folders.") { name, prefix };
        uninstall.SetAction(parse =>
        {
            var kernelName = parse.GetRequiredValue(name);
            var dirs = new List<string> { KernelSpecInstaller.UserKernelsDirectory, KernelSpecInstaller.SystemKernelsDirectory };
            if (parse.GetValue(prefix) is { } p) dirs.Insert(0, KernelSpecInstaller.PrefixKernelsDirectory(p.FullName));
            try
            {
                var removed = KernelSpecInstaller.Uninstall(kernelName, dirs);
                if (removed.Count == 0)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"Kernelspec '{kernelName}' is not installed in {string.Join(", ", dirs)}.");
                    return KitExitCode.Usage;
                }
                foreach (var dir in removed) parse.InvocationConfiguration.Output.WriteLine($"Removed {dir}");
                return KitExitCode.Ok;
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"Could not remove kernelspec '{kernelName}': {e.Message}");
                return KitExitCode.Usage;
            }
        });
        return uninstall;
    }

    private static Option<string> NameOption() => new("--name")
    {
        Description = "The kernel name (folder under kernels/, what nbconvert's --ExecutePreprocessor.kernel_name takes).",
        DefaultValueFactory = _ => KernelSpecInstaller.DefaultName,
    };
}
