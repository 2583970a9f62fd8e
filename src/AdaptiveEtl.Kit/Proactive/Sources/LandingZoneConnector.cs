using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Schema;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>
/// A folder where files (CSV, Parquet, JSON lines) land. Each new file — one whose name the watermark does not list —
/// is read by DuckDB itself (<c>read_csv</c>/<c>read_parquet</c>/<c>read_json</c>, several files of one fetch unioned
/// by name); the watermark is the set of ingested files. A malformed file (unreadable, or any row DuckDB rejects) is
/// moved into the quarantine folder with a <c>.error.json</c> sidecar naming file, line, column and problem, and the
/// other files proceed. File paths are passed as escaped literals and column names quoted in every statement.
/// </summary>
public sealed partial class LandingZoneConnector : SourceConnectorBase
{
    private const string FileColumn = "_kit_file";
    private double _bytesPerRow; // measured on the last fetch; 0 until then

    /// <summary>Creates a connector over <paramref name="folder"/>; <paramref name="name"/> defaults to the folder name.</summary>
    /// <exception cref="KitDataException">The folder does not exist.</exception>
    public LandingZoneConnector(string folder, string? name = null, LandingZoneOptions? options = null)
        : base(name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        if (!Directory.Exists(Folder)) throw new KitDataException("landing folder not found; expected a folder of CSV, Parquet or JSON-lines files.", Folder);
        Options = options ?? LandingZoneOptions.Default;
    }

    /// <summary>The landing folder (absolute).</summary>
    public string Folder { get; }

    /// <summary>The options.</summary>
    public LandingZoneOptions Options { get; }

    /// <summary>Where malformed files are moved.</summary>
    public string QuarantineFolder => Options.QuarantineFolder is { } q ? Path.GetFullPath(q) : Path.Combine(Folder, "quarantine");

    /// <summary>The landing files present now (matching the pattern and a known format, settled), in name order.</summary>
    public IReadOnlyList<LandedFile> ListFiles()
    {
        var now = DateTimeOffset.UtcNow;
        var list = new List<LandedFile>();
        foreach (var path in Directory.EnumerateFiles(Folder, Options.Pattern, SearchOption.TopDirectoryOnly))
        {
            if (FormatOf(path) is null) continue;
            var info = new FileInfo(path);
            var mtime = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
            if (Options.SettleTime > TimeSpan.Zero && now - mtime < Options.SettleTime) continue;
            list.Add(new LandedFile(Path.GetRelativePath(Folder, path).Replace('\\', '/'), info.Length, mtime));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    /// <inheritdoc />
    public override Task<TableSchema> DescribeAsync(CancellationToken cancellationToken = default)
    {
        var files = ListFiles();
        if (files.Count == 0) throw new KitDataException($"no landing files matching '{Options.Pattern}'; cannot describe the source.", Folder);
        var newest = files[^1];
        using var conn = OpenMemory();
        var path = FullPath(newest.Name);
        try
        {
            var cols = DuckDbSql.Rows(conn, $"DESCRIBE SELECT * FROM {Reader(FormatOf(path)!.Value, [path], rejects: null)}", r => (r.GetString(0), r.GetString(1)));
            return Task.FromResult(new TableSchema(Name, cols.Select(c => new ColumnSchema(c.Item1, SchemaChecks.DuckDbTypes.KindOf(c.Item2)))));
        }
        catch (DuckDBException e)
        {
            throw new KitDataException($"cannot read the file to describe the source: {e.Message}", path, inner: e);
        }
    }

    /// <inheritdoc />
    public override Task<SourceEstimate> EstimateNewAsync(Watermark? since, CancellationToken cancellationToken = default)
    {
        CheckKind(since);
        var fresh = ListFiles().Where(f => since is null || !since.Covers(f)).ToList();
        var parts = new List<SourcePart>(fresh.Count);
        var included = new List<LandedFile>(since?.Files ?? []);
        long rows = 0;
        foreach (var f in fresh)
        {
            included.Add(f);
            long est = EstimateRows(f);
            rows += est;
            parts.Add(new SourcePart(f.Name, f.Bytes, est, Watermark.OfFiles(included)));
        }
        return Task.FromResult(new SourceEstimate(Name, rows, fresh.Sum(f => f.Bytes), false, parts));
    }

    /// <inheritdoc />
    protected override Task<FetchResult> FetchCoreAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        CheckKind(request.After);
        CheckKind(request.UpTo);
        var selected = ListFiles()
            .Where(f => request.After is null || !request.After.Covers(f))
            .Where(f => request.UpTo is null || request.UpTo.Covers(f))
            .ToList();
        var conn = request.Connection;
        var target = SqlIdentifier.Quote(request.Table);
        var quarantined = new List<QuarantinedFile>();
        var parts = new List<FetchedPart>();
        var ingested = new List<LandedFile>();
        bool created = false;

        // Parquet and JSON lines: one DuckDB read over all the selected files of the format, unioned by name; a file
        // DuckDB cannot read fails the whole read, then each file is probed alone and the unreadable ones quarantined.
        // CSV: each file is read alone with DuckDB's reject tables, because a union_by_name read pads or drops
        // malformed rows silently and reject tables do not combine with union_by_name; the files are then unioned by
        // name into the target (missing columns added).
        foreach (var group in selected.GroupBy(f => FormatOf(FullPath(f.Name))!.Value))
        {
            var reads = group.Key == LandingFileFormat.Csv ? group.Select(f => new List<LandedFile> { f }).ToList() : [group.ToList()];
            foreach (var read in reads)
            {
                var files = read;
                while (files.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var stage = SqlIdentifier.Quote("_kit_files_" + Guid.NewGuid().ToString("N"));
                    var rejects = group.Key == LandingFileFormat.Csv ? "_kit_rejects_" + Guid.NewGuid().ToString("N") : null;
                    try
                    {
                        try
                        {
                            DuckDbSql.Execute(conn, $"CREATE TEMP TABLE {stage} AS SELECT *, filename AS {SqlIdentifier.Quote(FileColumn)} FROM {Reader(group.Key, files.Select(f => FullPath(f.Name)).ToList(), rejects)}");
                        }
                        catch (DuckDBException e)
                        {
                            var bad = files.Count == 1 ? [(files[0], (IReadOnlyList<QuarantineError>)[ErrorOf(e)], 1L)] : Probe(conn, group.Key, files, e);
                            foreach (var (file, errors, count) in bad) quarantined.Add(Quarantine(file, errors, count));
                            files = files.Except(bad.Select(x => x.File)).ToList();
                            continue;
                        }
                        if (rejects is not null && RejectErrors(conn, rejects) is { Count: > 0 } found)
                        {
                            quarantined.Add(Quarantine(files[0], found.Errors, found.Count));
                            files = [];
                            continue;
                        }
                        foreach (var f in files)
                        {
                            long rows = DuckDbSql.Long(conn, $"SELECT count(*) FROM {stage} WHERE {SqlIdentifier.Quote(FileColumn)} = $1", FullPath(f.Name));
                            parts.Add(new FetchedPart(f.Name, rows, f.Bytes));
                            ingested.Add(f);
                        }
                        if (!created)
                        {
                            DuckDbSql.Execute(conn, $"CREATE TABLE {target} AS SELECT * EXCLUDE ({SqlIdentifier.Quote(FileColumn)}) FROM {stage}");
                            created = true;
                        }
                        else
                        {
                            AddMissingColumns(conn, request.Table, stage);
                            DuckDbSql.Execute(conn, $"INSERT INTO {target} BY NAME SELECT * EXCLUDE ({SqlIdentifier.Quote(FileColumn)}) FROM {stage}");
                        }
                        files = [];
                    }
                    finally
                    {
                        DuckDbSql.Execute(conn, $"DROP TABLE IF EXISTS {stage}");
                        DropRejects(conn, rejects);
                    }
                }
            }
        }
        long totalRows = parts.Sum(p => p.Rows), totalBytes = parts.Sum(p => p.Bytes);
        if (totalRows > 0) _bytesPerRow = (double)totalBytes / totalRows;
        Watermark? wm = ingested.Count == 0 ? request.After : (request.After ?? Watermark.OfFiles([])).Merge(Watermark.OfFiles(ingested));
        return Task.FromResult(new FetchResult(Name, totalRows, totalBytes, wm, TimeSpan.Zero, parts, quarantined));
    }

    /// <summary>
    /// Unions the next file's columns into the target the way <c>union_by_name</c> does: missing columns are added, a
    /// type that widens the target's widens it, other type conflicts fall back to VARCHAR (DuckDB's common type).
    /// The staging store checks each file's schema before this matters; direct multi-file fetches rely on it.
    /// </summary>
    private static void AddMissingColumns(DuckDBConnection conn, string table, string quotedStage)
    {
        var have = DuckDbSql.Describe(conn, table).ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        foreach (var (name, type) in DuckDbSql.Rows(conn, $"DESCRIBE {quotedStage}", r => (Name: r.GetString(0), Type: r.GetString(1))).Where(c => c.Name != FileColumn))
        {
            if (!have.TryGetValue(name, out var current))
                DuckDbSql.Execute(conn, $"ALTER TABLE {SqlIdentifier.Quote(table)} ADD COLUMN {SqlIdentifier.Quote(name)} {type}");
            else if (SchemaChecks.DuckDbTypes.Normalize(current) == SchemaChecks.DuckDbTypes.Normalize(type) || SchemaChecks.DuckDbTypes.Widens(type, current))
                continue;
            else
                DuckDbSql.Execute(conn, $"ALTER TABLE {SqlIdentifier.Quote(table)} ALTER COLUMN {SqlIdentifier.Quote(name)} TYPE {(SchemaChecks.DuckDbTypes.Widens(current, type) ? type : "VARCHAR")}");
        }
    }

    private string FullPath(string name) => Path.GetFullPath(Path.Combine(Folder, name));

    private LandingFileFormat? FormatOf(string path)
    {
        if (Options.Format != LandingFileFormat.Auto) return Options.Format;
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" or ".tsv" or ".txt" => LandingFileFormat.Csv,
            ".parquet" => LandingFileFormat.Parquet,
            ".json" or ".jsonl" or ".ndjson" => LandingFileFormat.JsonLines,
            _ => null,
        };
    }

    /// <summary>The DuckDB table-function call reading the files; paths are escaped string literals (table functions take no bound file lists).</summary>
    private static string Reader(LandingFileFormat format, IReadOnlyList<string> paths, string? rejects)
    {
        string list = "[" + string.Join(", ", paths.Select(SqlIdentifier.Literal)) + "]";
        return format switch
        {
            LandingFileFormat.Csv => rejects is null
                ? $"read_csv({list}, header = true, strict_mode = true, union_by_name = true)"
                // DuckDB's reject tables do not combine with union_by_name: used when probing one file.
                : $"read_csv({list}, header = true, strict_mode = true, store_rejects = true, rejects_table = {SqlIdentifier.Literal(rejects + "_errors")}, rejects_scan = {SqlIdentifier.Literal(rejects + "_scans")})",
            LandingFileFormat.Parquet => $"read_parquet({list}, union_by_name = true)",
            _ => $"read_json({list}, format = 'newline_delimited', union_by_name = true)",
        };
    }

    private static void DropRejects(DuckDBConnection conn, string? rejects)
    {
        if (rejects is null) return;
        DuckDbSql.Execute(conn, $"DROP TABLE IF EXISTS {SqlIdentifier.Quote(rejects + "_errors")}");
        DuckDbSql.Execute(conn, $"DROP TABLE IF EXISTS {SqlIdentifier.Quote(rejects + "_scans")}");
    }

    /// <summary>Reads each file alone (CSV with reject tables) and returns the malformed ones with their problems.</summary>
    private List<(LandedFile File, IReadOnlyList<QuarantineError> Errors, long Count)> Probe(DuckDBConnection conn, LandingFileFormat format, List<LandedFile> files, DuckDBException combined)
    {
        var bad = new List<(LandedFile, IReadOnlyList<QuarantineError>, long)>();
        foreach (var f in files)
        {
            var rejects = format == LandingFileFormat.Csv ? "_kit_rejects_" + Guid.NewGuid().ToString("N") : null;
            try
            {
                // Materialise every column: a count alone would let DuckDB skip converting (and so checking) the values.
                var probe = SqlIdentifier.Quote("_kit_probe_" + Guid.NewGuid().ToString("N"));
                DuckDbSql.Execute(conn, $"CREATE TEMP TABLE {probe} AS SELECT * FROM {Reader(format, [FullPath(f.Name)], rejects)}");
                DuckDbSql.Execute(conn, $"DROP TABLE {probe}");
                if (rejects is null) continue;
                var found = RejectErrors(conn, rejects);
                if (found.Count > 0) bad.Add((f, found.Errors, found.Count));
            }
            catch (DuckDBException e)
            {
                bad.Add((f, [ErrorOf(e)], 1));
            }
            finally
            {
                DropRejects(conn, rejects);
            }
        }
        if (bad.Count == 0)
            throw new KitDataException($"DuckDB could not read the files together although each reads alone: {combined.Message}", Folder, inner: combined);
        return bad;
    }

    /// <summary>The rows DuckDB rejected in the last read into the given reject tables (first ones, and how many in all).</summary>
    private (IReadOnlyList<QuarantineError> Errors, long Count) RejectErrors(DuckDBConnection conn, string rejects)
    {
        var errors = SqlIdentifier.Quote(rejects + "_errors");
        long count = DuckDbSql.Long(conn, $"SELECT count(*) FROM {errors}");
        if (count == 0) return ([], 0);
        var list = DuckDbSql.Rows(conn,
            $"SELECT line, column_name, CAST(error_type AS VARCHAR), error_message FROM {errors} ORDER BY line, column_idx LIMIT {Options.MaxErrorsReported.ToString(CultureInfo.InvariantCulture)}",
            r => new QuarantineError(r.IsDBNull(0) ? null : DuckDbSql.ToLong(r.GetValue(0)), r.IsDBNull(1) ? null : r.GetString(1),
                $"{(r.IsDBNull(2) ? "" : r.GetString(2))}: {(r.IsDBNull(3) ? "" : r.GetString(3).Split('\n')[0].Trim())}"));
        return (list, count);
    }

    private static QuarantineError ErrorOf(DuckDBException e)
    {
        var m = LineInMessage().Match(e.Message);
        long? line = m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var c = ColumnInMessage().Match(e.Message);
        return new QuarantineError(line, c.Success ? c.Groups[1].Value : null, "unreadable: " + e.Message.Split('\n')[0].Trim());
    }

    private QuarantinedFile Quarantine(LandedFile file, IReadOnlyList<QuarantineError> errors, long errorCount)
    {
        var folder = QuarantineFolder;
        Directory.CreateDirectory(folder);
        var source = FullPath(file.Name);
        var leaf = Path.GetFileName(file.Name);
        var dest = Path.Combine(folder, leaf);
        if (File.Exists(dest) || File.Exists(dest + ".error.json"))
            dest = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(leaf)}.{DateTime.UtcNow:yyyyMMddTHHmmssfff}{Path.GetExtension(leaf)}");
        var sidecar = dest + ".error.json";
        var json = new JsonObject
        {
            ["file"] = file.Name,
            ["landing_folder"] = Folder,
            ["quarantined_to"] = dest,
            ["quarantined_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["bytes"] = file.Bytes,
            ["error_count"] = errorCount,
            ["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["line"] = e.Line, ["column"] = e.Column, ["problem"] = e.Problem }).ToArray()),
        };
        // The sidecar is written first, so a crash between the two steps leaves an explained file, never an unexplained one.
        File.WriteAllText(sidecar, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        File.Move(source, dest);
        return new QuarantinedFile(file.Name, dest, sidecar, errors);
    }

    private long EstimateRows(LandedFile f)
    {
        if (_bytesPerRow > 0) return (long)Math.Round(f.Bytes / _bytesPerRow);
        if (FormatOf(f.Name) == LandingFileFormat.Parquet) return 0;
        // Before the first fetch: count the line ends of the first 64 KiB and extrapolate (header excluded for CSV).
        var buffer = new byte[Math.Min(65_536, Math.Max(0, f.Bytes))];
        int read;
        using (var fs = File.OpenRead(FullPath(f.Name))) read = fs.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        long lines = buffer.AsSpan(0, read).Count((byte)'\n');
        if (read < f.Bytes && read > 0) lines = (long)Math.Round(lines * (double)f.Bytes / read);
        return Math.Max(0, FormatOf(f.Name) == LandingFileFormat.Csv ? lines - 1 : lines);
    }

    private static void CheckKind(Watermark? w)
    {
        if (w is not null && w.Kind != WatermarkKind.Files)
            throw new KitDataException($"a landing zone's watermark is a set of files; got a {w.Kind} watermark.");
    }

    private static DuckDBConnection OpenMemory()
    {
        var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        return c;
    }

    [GeneratedRegex(@"[Ll]ine:?\s*(\d+)")]
    private static partial Regex LineInMessage();

    [GeneratedRegex(@"[Cc]olumn:?\s*""?([^"",\s]+)""?")]
    private static partial Regex ColumnInMessage();
}
