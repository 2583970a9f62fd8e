using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Data;

/// <summary>
/// Recognises DuckDB's "database file is locked by another process" error and turns it into one readable sentence
/// naming the holder. DuckDB allows one writing process per file and reports
/// <c>IO Error: Could not set lock on file "…": Conflicting lock is held in /usr/bin/dotnet (PID 4242) by user etl.</c>
/// </summary>
internal static partial class DuckDbFileLock
{
    [GeneratedRegex(@"Conflicting lock is held in (?<program>.+?) \(PID (?<pid>\d+)\)(?: by user (?<user>[^.\s]+))?")]
    private static partial Regex Holder();

    /// <summary>True when <paramref name="e"/> says the file is locked by another process.</summary>
    public static bool IsLockConflict(DuckDBException e) => e.Message.Contains("Could not set lock on file", StringComparison.Ordinal);

    /// <summary>The error for a locked store file: who holds it (program, PID, user, when DuckDB says) and what to do.</summary>
    public static KitDataException Error(DuckDBException e, string path, string what)
    {
        var m = Holder().Match(e.Message);
        var holder = m.Success
            ? $"process {m.Groups["pid"].Value} ({m.Groups["program"].Value}{(m.Groups["user"].Success ? ", user " + m.Groups["user"].Value : "")})"
            : "another process";
        return new KitDataException($"the {what} is locked by {holder}; wait until it finishes, or use another work folder.", path, inner: e);
    }
}
