using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Notebooks.Tests.Kernel;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Interactive;

/// <summary>
/// Microsoft's real .NET Interactive kernel for the notebook tests: the NuGet tool <c>Microsoft.dotnet-interactive</c>
/// <see cref="Version"/> installed into <c>artifacts/tools/</c> (never globally), and its C# kernelspec <c>.net-csharp</c>
/// (the name the notebooks declare) written into a temporary <c>JUPYTER_PATH</c>.
/// </summary>
public sealed class DotNetInteractiveTool
{
    /// <summary>The tool version users still have (Microsoft deprecated .NET Interactive in 2026; this is its last release).</summary>
    public const string Version = "1.0.712001";

    /// <summary>The kernelspec name the notebooks declare for .NET Interactive.</summary>
    public const string KernelName = ".net-csharp";

    private static readonly Lazy<DotNetInteractiveTool> Instance = new(() => new DotNetInteractiveTool());
    private readonly string? _skipReason;

    private DotNetInteractiveTool()
    {
        var toolDir = Path.Combine(RepoPaths.Root, "artifacts", "tools", "dotnet-interactive-" + Version);
        Executable = Path.Combine(toolDir, "dotnet-interactive");
        if (!File.Exists(Executable))
        {
            var install = ProcessRunner.Run("dotnet", ["tool", "install", "--tool-path", toolDir, "Microsoft.dotnet-interactive", "--version", Version],
                TimeSpan.FromMinutes(5));
            if (install.ExitCode != 0 || !File.Exists(Executable))
            {
                _skipReason = $"could not install Microsoft.dotnet-interactive {Version} from NuGet: {install.StdErr}{install.StdOut}";
                return;
            }
        }
        var prefix = Directory.CreateTempSubdirectory("kit-dotnet-interactive-").FullName;
        var kernelDir = Path.Combine(prefix, "share", "jupyter", "kernels", KernelName);
        Directory.CreateDirectory(kernelDir);
        // What `dotnet-interactive jupyter install` writes, with the tool's own path instead of the global `dotnet interactive`.
        var spec = new JsonObject
        {
            ["argv"] = new JsonArray(Executable, "jupyter", "--default-kernel", "csharp", "{connection_file}", "--http-port-range", "2048-3000"),
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
        };
        File.WriteAllText(Path.Combine(kernelDir, "kernel.json"), spec.ToJsonString());
        Environment = new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter"),
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(prefix, "runtime"),
            ["JUPYTER_PLATFORM_DIRS"] = "1",
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
    }

    /// <summary>The tool's installed executable.</summary>
    public string Executable { get; }

    /// <summary>Environment for nbconvert: <c>JUPYTER_PATH</c> finds the <c>.net-csharp</c> kernelspec.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    /// <summary>The installed tool; skips the calling test with the reason when it cannot be installed.</summary>
    public static DotNetInteractiveTool Require()
    {
        JupyterClientHarness.RequireJupyter();
        var tool = Instance.Value;
        if (tool._skipReason is not null) Assert.Skip(tool._skipReason);
        return tool;
    }

    /// <summary>
    /// Removes the kit's own packages (version 0.1.0, packed by the build) from the global NuGet packages folder.
    /// .NET Interactive restores into that folder and NuGet never re-extracts a version it already holds, so a copy left by
    /// an earlier build would shadow the freshly packed one (users who re-pack face the same; see docs/notebooks-and-scripts.md).
    /// </summary>
    public static void ForgetKitPackages()
    {
        var global = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(global)) return;
        foreach (var dir in Directory.GetDirectories(global, "adaptiveetl.kit*"))
            Directory.Delete(dir, recursive: true);
    }
}
