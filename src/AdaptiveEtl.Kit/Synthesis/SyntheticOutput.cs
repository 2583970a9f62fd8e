using System.Globalization;
using System.Text;
using AdaptiveEtl.Kit.Data;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// Writes generated rows to CSV (RFC 4180, ISO-8601 UTC timestamps, invariant numbers) or, for a path ending in
/// <c>.parquet</c>, to Parquet through DuckDB's <c>COPY … TO … (FORMAT parquet)</c>. Always atomic: the file is written
/// under a temporary name beside the target and renamed over it, so readers never see half a file.
/// </summary>
public static class SyntheticOutput
{
    /// <summary>Writes <paramref name="frame"/> to <paramref name="path"/> (CSV, or Parquet when the path ends in .parquet).</summary>
    public static void Write(DataFrame frame, string path)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmpCsv = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".csv");
        var tmpOut = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            WriteCsv(frame, tmpCsv);
            if (full.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                using var connection = new DuckDBConnection("DataSource=:memory:");
                connection.Open();
                using var command = connection.CreateCommand();
                // COPY cannot bind its file names as parameters: they are quoted as SQL string literals.
                command.CommandText = $"COPY (SELECT * FROM read_csv_auto({SqlIdentifier.Literal(tmpCsv)}, header = true)) TO {SqlIdentifier.Literal(tmpOut)} (FORMAT parquet)";
                command.ExecuteNonQuery();
            }
            else File.Move(tmpCsv, tmpOut);
            File.Move(tmpOut, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmpCsv)) File.Delete(tmpCsv);
            if (File.Exists(tmpOut)) File.Delete(tmpOut);
        }
    }

    private static void WriteCsv(DataFrame frame, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write(string.Join(",", frame.Columns.Select(c => Quote(c.Name))));
        writer.Write("\r\n");
        for (long r = 0; r < frame.Rows.Count; r++)
        {
            for (var c = 0; c < frame.Columns.Count; c++)
            {
                if (c > 0) writer.Write(',');
                writer.Write(frame.Columns[c][r] switch
                {
                    null => "",
                    DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    bool b => b ? "true" : "false",
                    double x => x.ToString("R", CultureInfo.InvariantCulture),
                    float x => x.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => Quote(f.ToString(null, CultureInfo.InvariantCulture)),
                    var o => Quote(o.ToString() ?? ""),
                });
            }
            writer.Write("\r\n");
        }
    }

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
