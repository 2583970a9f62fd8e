namespace AdaptiveEtl.Kit.Tests.Infrastructure;

/// <summary>
/// Finds a python3 that imports the modules a benchmark or test helper needs. Debian's python3-* packages belong to
/// /usr/bin/python3, which is not always first on PATH.
/// </summary>
public static class ReferencePython
{
    /// <summary>The first of /usr/bin/python3, then python3 on PATH, that imports every module, or null.</summary>
    public static string? Find(params string[] modules)
    {
        foreach (var py in new[] { "/usr/bin/python3", "python3" })
        {
            if (!ProcessRunner.Exists(py)) continue;
            var r = ProcessRunner.Run(py, ["-c", string.Join(";", modules.Select(m => "import " + m))], TimeSpan.FromMinutes(1));
            if (r.ExitCode == 0) return py;
        }
        return null;
    }
}
