[assembly: AssemblyFixture(typeof(AdaptiveEtl.Kit.Notebooks.Tests.Scripting.ScriptingTestRoot))]

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

/// <summary>The temp folder of this test process's scripting tests; deleted when the test assembly finishes.</summary>
public sealed class ScriptingTestRoot : IDisposable
{
    /// <summary>/tmp/kit-scripting-tests/&lt;process id&gt;.</summary>
    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kit-scripting-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A new empty folder under <see cref="Path"/>.</summary>
    public static string NewFolder()
    {
        var dir = System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
