using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Reports;

/// <summary>
/// Chromium in headless mode for the tests that check what a browser actually renders. eng/setup-system.sh installs
/// Debian's <c>chromium</c>, and the first use installs it with apt-get when possible. A machine without it fails the test
/// with a message saying so; only <c>KIT_NO_BROWSER=1</c> (a declared browser-less machine) turns that into a skip.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>The environment variable that declares a machine without a browser.</summary>
    public const string NoBrowserVariable = "KIT_NO_BROWSER";

    private static readonly string[] Candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
    private static readonly Lazy<(string? Path, string? Why)> Located = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The browser executable; fails the test (or skips it under <c>KIT_NO_BROWSER=1</c>) when there is none.</summary>
    public static string Require()
    {
        var (path, why) = Located.Value;
        if (path is not null) return path;
        var message = $"headless Chromium is needed to check that the report's charts render: {why}. Install it with `apt-get install chromium` " +
                      $"(eng/setup-system.sh does, as ./build.sh test runs it as root), or set {NoBrowserVariable}=1 on a machine that has no browser.";
        if (Environment.GetEnvironmentVariable(NoBrowserVariable) is { Length: > 0 } v && v != "0") Assert.Skip($"{NoBrowserVariable}={v}: {message}");
        throw new InvalidOperationException(message);
    }

    /// <summary>
    /// Loads <paramref name="file"/> and returns the DOM after scripts ran (<c>--dump-dom</c>), giving timers up to
    /// <paramref name="virtualTimeMs"/> of virtual time.
    /// </summary>
    public static string DumpDom(string file, int virtualTimeMs = 10_000)
    {
        var browser = Require();
        var profile = Directory.CreateTempSubdirectory("kit-chromium-");
        try
        {
            // --no-sandbox: Chromium refuses to run as root with its sandbox, and CI runs the tests as root.
            var result = ProcessRunner.Run(browser,
                ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", $"--user-data-dir={profile.FullName}",
                 "--dump-dom", $"--virtual-time-budget={virtualTimeMs}", new Uri(Path.GetFullPath(file)).AbsoluteUri],
                TimeSpan.FromMinutes(3));
            if (result.ExitCode != 0 || !result.StdOut.Contains("</html>", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"{browser} --dump-dom {file} failed (exit code {result.ExitCode}):\n{Tail(result.StdErr)}");
            return result.StdOut;
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static (string?, string?) Locate()
    {
        string? Find() => Candidates.FirstOrDefault(ProcessRunner.Exists);
        if (Find() is { } found) return (found, null);
        var failure = ProcessRunner.EnsureAptPackages(() => Find() is not null, "chromium");
        return Find() is { } installed ? (installed, null) : (null, failure ?? "no chromium on PATH");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
