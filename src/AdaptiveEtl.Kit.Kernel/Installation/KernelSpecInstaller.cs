using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AdaptiveEtl.Kit.Kernel.Installation;

/// <summary>
/// Installs and removes the kit's kernelspec (<c>kernels/&lt;name&gt;/kernel.json</c> + logos) where Jupyter looks for
/// kernels (https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs).
/// </summary>
public static partial class KernelSpecInstaller
{
    /// <summary>The default kernel name (the folder name and what <c>--ExecutePreprocessor.kernel_name</c> takes).</summary>
    public const string DefaultName = "adaptive-etl-csharp";

    /// <summary>The default name shown in Jupyter's launcher and kernel menu.</summary>
    public const string DefaultDisplayName = "C# (AdaptiveEtl.Kit)";

    /// <summary>The placeholder Jupyter replaces with the connection file's path.</summary>
    public const string ConnectionFilePlaceholder = "{connection_file}";

    /// <summary>The per-user kernels folder: <c>$JUPYTER_DATA_DIR/kernels</c>, else <c>~/.local/share/jupyter/kernels</c> (Linux).</summary>
    public static string UserKernelsDirectory
    {
        get
        {
            var dataDir = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
            if (!string.IsNullOrEmpty(dataDir)) return Path.Combine(dataDir, "kernels");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter", "kernels");
            if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter", "kernels");
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter", "kernels");
        }
    }

    /// <summary>The system-wide kernels folder Jupyter searches (<c>/usr/local/share/jupyter/kernels</c> on Unix).</summary>
    public static string SystemKernelsDirectory => OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "jupyter", "kernels")
        : "/usr/local/share/jupyter/kernels";

    /// <summary>The kernels folder under an installation prefix: <c>PREFIX/share/jupyter/kernels</c> (found through <c>JUPYTER_PATH=PREFIX/share/jupyter</c>).</summary>
    public static string PrefixKernelsDirectory(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");

    /// <summary>The default target: the system-wide folder when writable (as <c>jupyter kernelspec install</c>), else the user's.</summary>
    public static string DefaultKernelsDirectory => IsWritable(SystemKernelsDirectory) ? SystemKernelsDirectory : UserKernelsDirectory;

    /// <summary>
    /// The command line that starts this kit's kernel: the running <c>kit</c> executable (installed tool or apphost), or
    /// <c>dotnet kit.dll</c> when running through the dotnet host, followed by <c>kernel start --connection-file {connection_file}</c>.
    /// </summary>
    public static IReadOnlyList<string> CurrentProcessLauncher()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("The path of the running executable is unknown; pass the kernel's argv explicitly.");
        var prefix = new List<string> { process };
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var entry = Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry)) throw new InvalidOperationException("Running under 'dotnet' but the entry assembly's path is unknown; pass the kernel's argv explicitly.");
            prefix.Add(entry);
        }
        prefix.AddRange(["kernel", "start", "--connection-file", ConnectionFilePlaceholder]);
        return prefix;
    }

    /// <summary>
    /// Writes the kernelspec <paramref name="name"/> into <paramref name="kernelsDirectory"/> atomically (a staging folder
    /// renamed into place, replacing an earlier install) and returns the kernel's folder.
    /// </summary>
    /// <param name="kernelsDirectory">A <c>…/jupyter/kernels</c> folder, e.g. <see cref="UserKernelsDirectory"/>.</param>
    /// <param name="argv">The command Jupyter runs; must contain <see cref="ConnectionFilePlaceholder"/>. Default: <see cref="CurrentProcessLauncher"/>.</param>
    /// <param name="name">The kernel name: letters, digits, '.', '_' and '-'.</param>
    /// <param name="displayName">The name shown in Jupyter.</param>
    /// <example><code>var dir = KernelSpecInstaller.Install(KernelSpecInstaller.UserKernelsDirectory);</code></example>
    public static string Install(string kernelsDirectory, IReadOnlyList<string>? argv = null, string name = DefaultName, string displayName = DefaultDisplayName)
    {
        ValidateName(name);
        argv ??= CurrentProcessLauncher();
        if (!argv.Contains(ConnectionFilePlaceholder)) throw new ArgumentException($"The kernel's argv must contain '{ConnectionFilePlaceholder}' so Jupyter can pass the connection file; got: {string.Join(' ', argv)}", nameof(argv));

        Directory.CreateDirectory(kernelsDirectory);
        var target = Path.Combine(kernelsDirectory, name);
        var staging = Path.Combine(kernelsDirectory, $".{name}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllText(Path.Combine(staging, "kernel.json"), KernelJson(argv, displayName).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.WriteAllBytes(Path.Combine(staging, "logo-32x32.png"), KernelLogo.RenderPng(32));
            File.WriteAllBytes(Path.Combine(staging, "logo-64x64.png"), KernelLogo.RenderPng(64));
            if (Directory.Exists(target))
            {
                var old = Path.Combine(kernelsDirectory, $".{name}.old-{Guid.NewGuid():N}");
                Directory.Move(target, old);
                Directory.Move(staging, target);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(staging, target);
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return target;
    }

    /// <summary>
    /// Removes the kernelspec <paramref name="name"/> from each of <paramref name="kernelsDirectories"/> (default: the
    /// user's and the system-wide folder) and returns the folders removed (empty when it was not installed).
    /// </summary>
    /// <example><code>var removed = KernelSpecInstaller.Uninstall();</code></example>
    public static IReadOnlyList<string> Uninstall(string name = DefaultName, IEnumerable<string>? kernelsDirectories = null)
    {
        ValidateName(name);
        var removed = new List<string>();
        foreach (var dir in (kernelsDirectories ?? [UserKernelsDirectory, SystemKernelsDirectory]).Distinct())
        {
            var target = Path.Combine(dir, name);
            if (!File.Exists(Path.Combine(target, "kernel.json"))) continue;
            Directory.Delete(target, recursive: true);
            removed.Add(target);
        }
        return removed;
    }

    /// <summary>The kernel.json document.</summary>
    internal static JsonObject KernelJson(IReadOnlyList<string> argv, string displayName) => new()
    {
        ["argv"] = new JsonArray(argv.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
        ["display_name"] = displayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["env"] = new JsonObject(),
        ["metadata"] = new JsonObject
        {
            ["debugger"] = false,
            ["adaptive_etl_kit"] = new JsonObject { ["version"] = KernelLanguageInfo.KitVersion, ["language_info"] = KernelLanguageInfo.ToJson() },
        },
    };

    private static void ValidateName(string name)
    {
        if (!KernelNamePattern().IsMatch(name))
            throw new ArgumentException($"Kernel name '{name}' is not valid: Jupyter kernel names may contain only ASCII letters, digits, '.', '_' and '-'.", nameof(name));
    }

    private static bool IsWritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex KernelNamePattern();
}
