namespace AdaptiveEtl.Kit.Lineage.Export;

/// <summary>Writes a file completely to a temporary sibling, then moves it over the target, so a reader never sees half a file.</summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var w = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false))) { w.NewLine = "\n"; write(w); }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
