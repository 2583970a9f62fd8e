using System.Text;

namespace AdaptiveEtl.Kit.Notebooks.Reports;

/// <summary>Writes a text file atomically: into a temporary file beside the target, then moved over it.</summary>
internal static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/>; on any failure the temporary file is deleted and the target is untouched.</summary>
    /// <returns>The full path of the target.</returns>
    public static string Write(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                write(writer);
            File.Move(temp, full, overwrite: true);
            return full;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
