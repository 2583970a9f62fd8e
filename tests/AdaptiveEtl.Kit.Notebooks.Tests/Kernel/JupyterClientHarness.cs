using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Kernel;

/// <summary>
/// Real-Jupyter test set-up shared by the kernel tests: a python3 with jupyter_client, nbclient and nbconvert (Debian's
/// packages, apt-installed when missing and possible), and the kit's kernelspec installed by <c>kit kernel install --prefix</c>
/// into a temporary folder that <c>JUPYTER_PATH</c> points to.
/// <para>To execute any notebook under the kernel: <c>JupyterClientHarness.ExecuteNotebook(path)</c>.</para>
/// </summary>
public sealed class JupyterClientHarness
{
    /// <summary>The kernel name the tests install (distinct from the default, so a developer's own install is untouched).</summary>
    public const string KernelName = "adaptive-etl-csharp-test";

    private static readonly string[] PythonModules = ["jupyter_client", "nbclient", "nbconvert", "nbformat", "zmq"];
    private static readonly string[] DebianPackages = ["jupyter-nbconvert", "python3-nbclient", "python3-jupyter-client"];
    private static readonly Lazy<JupyterClientHarness> Instance = new(() => new JupyterClientHarness(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _skipReason;

    private JupyterClientHarness()
    {
        var python = ReferencePython.Find(PythonModules);
        if (python is null)
        {
            var failure = ProcessRunner.EnsureAptPackages(() => ReferencePython.Find(PythonModules) is not null, DebianPackages);
            python = ReferencePython.Find(PythonModules);
            if (python is null)
            {
                _skipReason = $"Jupyter kernel tests need python3 with {string.Join(", ", PythonModules)} (Debian: apt-get install {string.Join(' ', DebianPackages)}): {failure ?? "not found"}";
                return;
            }
        }
        Python = python;
        KitDll = Path.Combine(AppContext.BaseDirectory, "kit.dll");
        if (!File.Exists(KitDll)) throw new InvalidOperationException($"kit.dll is not next to the tests ({AppContext.BaseDirectory}); the test project must reference AdaptiveEtl.Kit.Cli.");
        Dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

        Prefix = Directory.CreateTempSubdirectory("kit-kernel-jupyter-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(Prefix, recursive: true); } catch (IOException) { } };
        Directory.CreateDirectory(Path.Combine(Prefix, "runtime"));
        JupyterEnvironment = new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = Path.Combine(Prefix, "share", "jupyter"),
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(Prefix, "runtime"),
            ["JUPYTER_PLATFORM_DIRS"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
        };
        // Install through the real CLI, exactly as a user would.
        Kit(["kernel", "install", "--prefix", Prefix, "--name", KernelName]).EnsureSuccess("kit kernel install --prefix");
        KernelDirectory = Path.Combine(Prefix, "share", "jupyter", "kernels", KernelName);
    }

    /// <summary>The shared, lazily created harness.</summary>
    public static JupyterClientHarness Shared => Instance.Value;

    /// <summary>Skips the calling test (one clear reason) when python/Jupyter is unavailable; returns the harness otherwise.</summary>
    public static JupyterClientHarness RequireJupyter()
    {
        var harness = Shared;
        if (harness._skipReason is not null) Assert.Skip(harness._skipReason);
        return harness;
    }

    /// <summary>The python3 that imports jupyter_client, nbclient and nbconvert.</summary>
    public string Python { get; } = "";

    /// <summary>The kit CLI built next to the tests.</summary>
    public string KitDll { get; } = "";

    /// <summary>The dotnet host that runs <see cref="KitDll"/>.</summary>
    public string Dotnet { get; } = "dotnet";

    /// <summary>The temporary install prefix (the kernelspec is in <see cref="KernelDirectory"/>).</summary>
    public string Prefix { get; } = "";

    /// <summary>The installed kernelspec folder.</summary>
    public string KernelDirectory { get; } = "";

    /// <summary>Environment for Jupyter processes: <c>JUPYTER_PATH</c> finds the test kernelspec.</summary>
    public IReadOnlyDictionary<string, string> JupyterEnvironment { get; } = new Dictionary<string, string>();

    /// <summary>Runs <c>dotnet kit.dll ARGS</c>.</summary>
    public ProcessRunner.Result Kit(IEnumerable<string> args, TimeSpan? timeout = null) =>
        ProcessRunner.Run(Dotnet, new[] { KitDll }.Concat(args), timeout ?? TimeSpan.FromMinutes(2), environment: new Dictionary<string, string>(JupyterEnvironment));

    /// <summary>Runs a Python helper script of this folder (e.g. <c>kernel_protocol_check.py</c>) with the Jupyter environment.</summary>
    public ProcessRunner.Result RunPythonScript(string scriptName, IEnumerable<string> args, TimeSpan timeout) =>
        ProcessRunner.Run(Python, new[] { HelperPath(scriptName) }.Concat(args), timeout, environment: new Dictionary<string, string>(JupyterEnvironment));

    /// <summary>A file in this test folder (python helpers, test notebooks), found from the repository root.</summary>
    public static string HelperPath(string relative) =>
        Path.Combine(RepoPaths.Root, "tests", "AdaptiveEtl.Kit.Notebooks.Tests", "Kernel", relative);

    /// <summary>
    /// Executes a notebook under the kit's kernel with <c>jupyter nbconvert --to notebook --execute</c> (cells run in the
    /// notebook's folder) and returns the executed notebook. Throws with nbconvert's output when a cell fails or a cell
    /// takes longer than <paramref name="cellTimeout"/>. Skips the test when Jupyter is unavailable.
    /// </summary>
    /// <example><code>var executed = JupyterClientHarness.ExecuteNotebook(Path.Combine(RepoPaths.Root, "notebooks", "forecasting.ipynb"));</code></example>
    public static JsonObject ExecuteNotebook(string notebookPath, TimeSpan? cellTimeout = null) =>
        ExecuteNotebook(notebookPath, KernelName, RequireJupyter().JupyterEnvironment, cellTimeout, allowErrors: false);

    /// <summary>
    /// Executes a notebook with nbconvert under the kernelspec <paramref name="kernelName"/> found through
    /// <paramref name="environment"/>'s <c>JUPYTER_PATH</c>. With <paramref name="allowErrors"/> every cell runs and failing
    /// cells keep their error outputs (see <see cref="ErrorOutputs"/>); without, the first failing cell throws.
    /// </summary>
    public static JsonObject ExecuteNotebook(string notebookPath, string kernelName, IReadOnlyDictionary<string, string> environment,
        TimeSpan? cellTimeout, bool allowErrors)
    {
        var harness = RequireJupyter();
        var outDir = Directory.CreateTempSubdirectory("kit-nbconvert-").FullName;
        try
        {
            var output = Path.GetFileNameWithoutExtension(notebookPath) + ".executed.ipynb";
            var seconds = (int)(cellTimeout ?? TimeSpan.FromMinutes(10)).TotalSeconds;
            var run = ProcessRunner.Run(harness.Python,
                ["-m", "nbconvert", "--to", "notebook", "--execute", $"--ExecutePreprocessor.kernel_name={kernelName}",
                 $"--ExecutePreprocessor.timeout={seconds}", .. (allowErrors ? new[] { "--allow-errors" } : []),
                 "--output-dir", outDir, "--output", output, Path.GetFullPath(notebookPath)],
                TimeSpan.FromSeconds(seconds * 3 + 120), environment: new Dictionary<string, string>(environment));
            if (run.ExitCode != 0)
                throw new InvalidOperationException($"jupyter nbconvert --execute {notebookPath} failed with exit code {run.ExitCode}:\n{run.StdErr}\n{run.StdOut}");
            return (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, output)))!;
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>All outputs of the code cells of an executed notebook.</summary>
    public static IEnumerable<JsonObject> Outputs(JsonObject notebook) =>
        notebook["cells"]!.AsArray().OfType<JsonObject>()
            .Where(c => (string?)c["cell_type"] == "code")
            .SelectMany(c => c["outputs"]?.AsArray().OfType<JsonObject>() ?? []);

    /// <summary>The error outputs of an executed notebook (empty when every cell succeeded).</summary>
    public static IEnumerable<JsonObject> ErrorOutputs(JsonObject notebook) =>
        Outputs(notebook).Where(o => (string?)o["output_type"] == "error");
}
