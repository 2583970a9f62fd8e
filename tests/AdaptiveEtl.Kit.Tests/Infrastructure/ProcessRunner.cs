using System.Diagnostics;

namespace AdaptiveEtl.Kit.Tests.Infrastructure;

/// <summary>Runs external programs from tests (apt-get, PostgreSQL's tools, python3, R) and captures their output.</summary>
public static class ProcessRunner
{
    /// <summary>Result of a finished process.</summary>
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        /// <summary>Throws with the command's output when it failed.</summary>
        public Result EnsureSuccess(string what)
        {
            if (ExitCode != 0) throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{StdOut}\n{StdErr}");
            return this;
        }
    }

    /// <summary>Runs <paramref name="file"/> with arguments and waits up to <paramref name="timeout"/>.</summary>
    public static Result Run(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment is not null) foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout ?? TimeSpan.FromMinutes(5)}");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>True when a program is on PATH (or is an existing absolute path).</summary>
    public static bool Exists(string program)
    {
        if (Path.IsPathRooted(program)) return File.Exists(program);
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));
    }

    /// <summary>True when running as root (apt-get can install without sudo).</summary>
    public static bool IsRoot => Environment.UserName == "root";

    private static readonly object AptLock = new();
    private static bool _aptUpdated;

    /// <summary>
    /// Installs Debian packages with apt-get when <paramref name="probe"/> says they are missing. Returns null on success,
    /// or the reason they could not be installed (no apt-get, not root, install failed) for a test to skip with.
    /// </summary>
    public static string? EnsureAptPackages(Func<bool> probe, params string[] packages)
    {
        if (probe()) return null;
        lock (AptLock)
        {
            if (probe()) return null;
            if (!Exists("apt-get")) return $"apt-get is not available to install {string.Join(' ', packages)}";
            if (!IsRoot) return $"not root: cannot apt-get install {string.Join(' ', packages)} (run the README's test command as root, or install them)";
            var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
            if (!_aptUpdated)
            {
                Run("apt-get", ["update", "-qq"], TimeSpan.FromMinutes(10), environment: env);
                _aptUpdated = true;
            }
            var r = Run("apt-get", new[] { "install", "-y", "-qq", "--no-install-recommends" }.Concat(packages), TimeSpan.FromMinutes(20), environment: env);
            if (r.ExitCode != 0) return $"apt-get install {string.Join(' ', packages)} failed: {r.StdErr.Trim()}";
            return probe() ? null : $"apt-get installed {string.Join(' ', packages)} but the probe still fails";
        }
    }
}
