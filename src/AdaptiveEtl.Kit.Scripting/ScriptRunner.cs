namespace AdaptiveEtl.Kit.Scripting;

/// <summary>
/// Runs a .csx file with dotnet-script semantics on the kit's engine (dotnet-script itself is not available here): the whole
/// file is one submission; <c>Args</c> holds the arguments; <c>#load "other.csx"</c> resolves against the script's folder;
/// <c>#r "nuget:"</c>/<c>#i</c> work as in notebooks, or, with <see cref="ScriptSessionOptions.Mode"/> set to
/// <see cref="ScriptMode.StrictDotnetScript"/>, only what dotnet-script itself accepts (no <c>#i</c>, its default imports, no
/// <c>display</c>). Exit code: the script's top-level <c>return &lt;int&gt;;</c>, else
/// <c>Environment.ExitCode</c> if the script set it, else 0; compile errors and uncaught exceptions give 1 with the message on
/// standard error.
/// </summary>
/// <example>
/// <code>
/// int exitCode = await ScriptRunner.RunAsync("scripts/forecast.csx", ["--horizon", "48"]);
/// </code>
/// </example>
public static class ScriptRunner
{
    /// <summary>Runs <paramref name="scriptPath"/> and returns its exit code.</summary>
    /// <param name="scriptPath">The .csx file.</param>
    /// <param name="args">The script's arguments (<c>Args</c>).</param>
    /// <param name="options">Writers and package settings; <see cref="ScriptSessionOptions.Mode"/> (<see cref="ScriptMode.Script"/> unless
    /// it is <see cref="ScriptMode.StrictDotnetScript"/>), <see cref="ScriptSessionOptions.Args"/>,
    /// <see cref="ScriptSessionOptions.ScriptPath"/> and <see cref="ScriptSessionOptions.WorkingDirectory"/> are set from the script, and the
    /// current directory is left alone (the host's current directory and exit code are restored afterwards).</param>
    /// <param name="cancellationToken">Interrupts the script.</param>
    public static async Task<int> RunAsync(string scriptPath, IReadOnlyList<string> args, ScriptSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var full = Path.GetFullPath(scriptPath);
        var error = options?.StandardError ?? Console.Error;
        if (!File.Exists(full))
        {
            await error.WriteLineAsync($"script {full} does not exist").ConfigureAwait(false);
            return 1;
        }
        var sessionOptions = (options ?? new ScriptSessionOptions()) with
        {
            Mode = options?.Mode == ScriptMode.StrictDotnetScript ? ScriptMode.StrictDotnetScript : ScriptMode.Script,
            SetCurrentDirectory = false, // dotnet-script semantics: the script runs in the caller's current directory
            Args = args,
            ScriptPath = full,
            WorkingDirectory = Path.GetDirectoryName(full)!,
        };
        // in-process run: give back the host's exit code and current directory (an exported script changes it)
        var exitCodeBefore = Environment.ExitCode;
        var directoryBefore = Directory.GetCurrentDirectory();
        Environment.ExitCode = 0;
        try
        {
            await using var session = new ScriptSession(sessionOptions);
            var result = await session.ExecuteAsync(await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                var e = result.Error!;
                await error.WriteLineAsync($"{Path.GetFileName(full)}: {e.Name}: {e.Message}").ConfigureAwait(false);
                foreach (var frame in e.StackTrace) await error.WriteLineAsync("   " + frame).ConfigureAwait(false);
                return 1;
            }
            return result.ReturnValue switch
            {
                int code => code,
                _ => Environment.ExitCode,
            };
        }
        finally
        {
            Environment.ExitCode = exitCodeBefore;
            if (Directory.Exists(directoryBefore)) Directory.SetCurrentDirectory(directoryBefore);
        }
    }
}
