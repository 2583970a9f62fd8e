using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Proactive;

/// <summary>A temporary folder deleted on dispose; can be seeded with files of the sample landing zone.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates an empty folder.</summary>
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aek-proactive-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    /// <summary>Copies the named sample landing files (all when none given) into a sub-folder and returns it.</summary>
    public string Landing(string sub = "landing", params string[] files)
    {
        var dir = System.IO.Path.Combine(Path, sub);
        Directory.CreateDirectory(dir);
        var source = RepoPaths.Sample("landing");
        var names = files.Length > 0 ? files : Directory.GetFiles(source).Select(System.IO.Path.GetFileName).ToArray()!;
        foreach (var f in names) File.Copy(System.IO.Path.Combine(source, f!), System.IO.Path.Combine(dir, f!));
        return dir;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
