using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.SchemaEvolution.Ddl;

/// <summary>
/// The DDL that applies and undoes one <see cref="SchemaRecommendation"/> on one engine — the kit's only DDL renderer:
/// the controller runs it, and advice JSON shows its <see cref="Forward"/> statements. Every list runs as ONE
/// transaction, so a change commits whole or leaves the store as it was: <see cref="Forward"/> applies it,
/// <see cref="Rollback"/> restores the previous state after a regression, <see cref="Cleanup"/> drops what the rollback
/// would have needed once the change is kept (the backup of a copy-and-swap), <see cref="Refresh"/> brings a
/// materialised view or pre-joined table up to date after its upstream tables load. Identifiers are quoted with
/// <see cref="SqlIdentifier"/>; type names, dates and view queries from the recommendation are validated first (they can
/// be neither quoted nor bound); the only literals are values validated here (partition bounds, counts). Objects the
/// change creates get names derived from the recommendation id (<c>aek_ix_…</c>, <c>aek_mv_…</c>, <c>aek_bak_…</c>), so
/// the same recommendation always creates the same names and they stay within PostgreSQL's 63-byte limit.
/// <para>
/// PostgreSQL: <c>CREATE INDEX</c> (not <c>CONCURRENTLY</c>, which cannot run in a transaction); <c>CLUSTER … USING</c> a
/// new index; <c>ALTER COLUMN … TYPE</c> then <c>ANALYZE</c>; <c>CREATE MATERIALIZED VIEW</c>; declarative range
/// (monthly partitions from option <c>from</c> to <c>to</c>, plus a default partition) or hash partitioning as a
/// partitioned copy + row move + name swap + <c>ANALYZE</c>; skew fixes as hash partitioning, a composite index or a
/// salt column. DuckDB: <c>CREATE INDEX</c>, a table as the materialised view, a salt column, and copy-and-swap
/// (<c>CREATE TABLE … AS</c> the rewritten table, then rename the original to the backup name and the copy to the
/// original name) for type changes, partitioning and clustering (an ordered copy, so zone maps prune); DuckDB has no hash
/// partitioning (<see cref="Supports"/>).
/// </para>
/// </summary>
/// <param name="RecommendationId">The recommendation this DDL belongs to.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Dialect">The engine it is rendered for.</param>
/// <param name="Table">The table the change is about.</param>
/// <param name="Forward">Statements that apply the change (one transaction).</param>
/// <param name="Rollback">Statements that undo it (one transaction).</param>
/// <param name="Cleanup">Statements run once the change is kept (one transaction; may be empty).</param>
/// <param name="CreatedObject">The index, view or table the change creates (null for changes made in place).</param>
/// <param name="BackupTable">Where a copy-and-swap keeps the original table until <see cref="Cleanup"/> (null otherwise).</param>
public sealed record SchemaChangeDdl(
    string RecommendationId,
    RecommendationKind Kind,
    DdlDialect Dialect,
    QualifiedTable Table,
    IReadOnlyList<string> Forward,
    IReadOnlyList<string> Rollback,
    IReadOnlyList<string> Cleanup,
    QualifiedTable? CreatedObject,
    QualifiedTable? BackupTable)
{
    /// <summary>True when the change rewrites the table (copy-and-swap): the row count must be the same afterwards.</summary>
    public bool RewritesTable => BackupTable is not null;

    /// <summary>Statements that bring a materialised view or pre-joined table up to date (one transaction; empty for other kinds).</summary>
    public IReadOnlyList<string> Refresh { get; init; } = [];

    /// <summary>An engine-specific remark a person should read (e.g. what DuckDB does instead of partitioning), or null.</summary>
    public string? Note { get; init; }

    /// <summary>False when <paramref name="dialect"/> has no equivalent of the recommendation (hash partitioning on DuckDB).</summary>
    public static bool Supports(SchemaRecommendation recommendation, DdlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        // A Partitioning on DuckDB becomes a sorted rewrite whatever its method; a skew fix by hash partitioning has no such stand-in.
        return !(dialect == DdlDialect.DuckDb && recommendation.Kind == RecommendationKind.SkewMitigation && recommendation.Option("strategy") == "hash");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"-- {Kind} {Table} ({Dialect}){(Note is null ? "" : "\n-- " + Note)}\n" + string.Join(";\n", Forward) + ";";

    /// <summary>Renders the DDL of <paramref name="recommendation"/> for <paramref name="dialect"/>.</summary>
    /// <exception cref="KitDataException">The recommendation lacks what its kind needs (columns, <c>to_type</c>,
    /// <c>from_type</c>, <c>sql</c>), holds an invalid type name or view query, or asks for what this dialect cannot do.</exception>
    public static SchemaChangeDdl Generate(SchemaRecommendation recommendation, DdlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        var r = recommendation;
        var where = "recommendation " + r.Id;
        var t = r.Table;
        string hash = Hash(r.Id);
        var columns = r.Columns.Select(SqlIdentifier.Quote).ToList();
        if (!Supports(r, dialect))
            throw new KitDataException($"a {r.Kind} with strategy '{r.Option("strategy")}' has no {dialect} equivalent (DuckDB has no table partitioning).", where);
        switch (r.Kind)
        {
            case RecommendationKind.Index:
                RequireColumns(r, 1);
                return IndexDdl(r, dialect, hash, columns);
            case RecommendationKind.MaterializedView:
            case RecommendationKind.PreJoinedTable:
            {
                var query = SelectStatementGuard.Validate(r.Option("sql"), r.Id);
                var prefix = r.Kind == RecommendationKind.MaterializedView ? "aek_mv_" : "aek_pj_";
                var mv = new QualifiedTable(t.Schema, r.Option("name") ?? prefix + hash);
                bool pgView = dialect == DdlDialect.PostgreSql && r.Kind == RecommendationKind.MaterializedView;
                IReadOnlyList<string> refresh = pgView ? [$"REFRESH MATERIALIZED VIEW {mv.Quoted}"]
                    : dialect == DdlDialect.PostgreSql ? [$"DELETE FROM {mv.Quoted}", $"INSERT INTO {mv.Quoted} {query}"]
                    : [$"CREATE OR REPLACE TABLE {mv.Quoted} AS {query}"];
                return new SchemaChangeDdl(r.Id, r.Kind, dialect, t,
                    [pgView ? $"CREATE MATERIALIZED VIEW {mv.Quoted} AS {query}" : $"CREATE TABLE {mv.Quoted} AS {query}"],
                    [pgView ? $"DROP MATERIALIZED VIEW {mv.Quoted}" : $"DROP TABLE {mv.Quoted}"], [], mv, null)
                {
                    Refresh = refresh,
                    Note = r.Kind == RecommendationKind.PreJoinedTable ? "Refresh after every load of the upstream tables (option refresh_after)."
                        : pgView ? null : "DuckDB has no materialised views: a table built from the query, refreshed by rebuilding it.",
                };
            }
            case RecommendationKind.NarrowType:
            case RecommendationKind.WidenType:
            {
                RequireColumns(r, 1, exactly: true);
                var to = SqlTypeName.Validate(r.Option("to_type"), "to_type", r.Id);
                var from = SqlTypeName.Validate(r.Option("from_type"), "from_type", r.Id);
                var c = columns[0];
                if (dialect == DdlDialect.PostgreSql)
                    return new(r.Id, r.Kind, dialect, t,
                        // No USING CAST: an explicit cast to VARCHAR(n) silently truncates longer values, while the
                        // assignment cast ALTER … TYPE applies without USING refuses them ("value too long"), so a narrowing
                        // below the data fails and rolls back instead of losing characters. ANALYZE recomputes the
                        // column's statistics for the new type in the same transaction.
                        [$"ALTER TABLE {t.Quoted} ALTER COLUMN {c} TYPE {to}", $"ANALYZE {t.Quoted}"],
                        [$"ALTER TABLE {t.Quoted} ALTER COLUMN {c} TYPE {from}", $"ANALYZE {t.Quoted}"], [], null, null);
                return CopyAndSwap(r, dialect, hash, $"SELECT * REPLACE (CAST({c} AS {to}) AS {c}) FROM {t.Quoted}") with
                {
                    Note = to.Contains('(', StringComparison.Ordinal) && to.StartsWith("VARCHAR", StringComparison.OrdinalIgnoreCase)
                        ? "DuckDB does not enforce VARCHAR lengths: the change documents the bound only." : null,
                };
            }
            case RecommendationKind.Partitioning when dialect == DdlDialect.PostgreSql:
                return PostgresPartitioning(r, hash, columns, (r.Option("method") ?? "hash").Trim().ToLowerInvariant());
            case RecommendationKind.Clustering when dialect == DdlDialect.PostgreSql:
            {
                RequireColumns(r, 1);
                var index = IndexDdl(r, dialect, hash, columns);
                return index with
                {
                    Kind = r.Kind,
                    Forward = [.. index.Forward, $"CLUSTER {t.Quoted} USING {SqlIdentifier.Quote(index.CreatedObject!.Name)}", $"ANALYZE {t.Quoted}"],
                    Note = "CLUSTER orders the table once; later inserts are not kept in order (re-run CLUSTER in a maintenance window). The rollback drops the index; the physical order stays.",
                };
            }
            case RecommendationKind.Partitioning:
            case RecommendationKind.Clustering:
                RequireColumns(r, 1);
                return CopyAndSwap(r, dialect, hash, $"SELECT * FROM {t.Quoted} ORDER BY {string.Join(", ", columns)}") with
                {
                    Note = r.Kind == RecommendationKind.Partitioning
                        ? "DuckDB has no declarative partitioning: the table is rewritten sorted by the key so its zone maps (min/max per row group) prune like partitions."
                        : "The table is rewritten sorted by the key (copy and swap) so DuckDB's zone maps prune.",
                };
            case RecommendationKind.SkewMitigation:
                return Skew(r, dialect, hash, columns);
            default:
                throw new KitDataException($"a {r.Kind} change cannot be rendered for {dialect}.", where);
        }
    }

    private static SchemaChangeDdl IndexDdl(SchemaRecommendation r, DdlDialect dialect, string hash, List<string> columns)
    {
        var ix = new QualifiedTable(r.Table.Schema, r.Option("name") ?? "aek_ix_" + hash);
        return new(r.Id, r.Kind, dialect, r.Table,
            [$"CREATE INDEX {SqlIdentifier.Quote(ix.Name)} ON {r.Table.Quoted} ({string.Join(", ", columns)})"],
            [$"DROP INDEX {ix.Quoted}"], [], ix, null);
    }

    /// <summary>Skew fixes: hash partitioning (PostgreSQL), a composite index, or a salt column spreading a hot key over buckets.</summary>
    private static SchemaChangeDdl Skew(SchemaRecommendation r, DdlDialect dialect, string hash, List<string> columns)
    {
        var where = "recommendation " + r.Id;
        RequireColumns(r, 1);
        switch (r.Option("strategy"))
        {
            case "hash":
                return PostgresPartitioning(r, hash, columns, "hash");
            case "composite":
                return IndexDdl(r, dialect, hash, columns);
            case "salting":
            {
                var bucketsText = r.Option("salt_buckets");
                if (!int.TryParse(bucketsText, NumberStyles.None, CultureInfo.InvariantCulture, out int buckets) || buckets < 2 || buckets > 1024)
                    throw new KitDataException($"option 'salt_buckets' must be an integer from 2 to 1024; got '{bucketsText}'.", where);
                var salt = SqlIdentifier.Quote(DerivedName("", r.Columns[0], "__salt"));
                var t = r.Table.Quoted;
                return new(r.Id, r.Kind, dialect, r.Table,
                    [$"ALTER TABLE {t} ADD COLUMN {salt} SMALLINT", $"UPDATE {t} SET {salt} = CAST(floor(random() * {buckets}) AS SMALLINT)"],
                    [$"ALTER TABLE {t} DROP COLUMN {salt}"], [], null, null)
                {
                    Note = $"Joins and aggregations on the hot key then spread over {buckets} salt buckets (the other side replicates each key once per bucket).",
                };
            }
            default:
                throw new KitDataException($"skew strategy '{r.Option("strategy")}' is not supported; expected 'hash', 'composite' or 'salting'.", where);
        }
    }

    /// <summary>Copy-and-swap: build the rewritten table under a new name, rename the original to the backup name, rename the copy to the original name.</summary>
    private static SchemaChangeDdl CopyAndSwap(SchemaRecommendation r, DdlDialect dialect, string hash, string select)
    {
        var t = r.Table;
        var copy = new QualifiedTable(t.Schema, "aek_new_" + hash);
        var backup = new QualifiedTable(t.Schema, "aek_bak_" + hash);
        var undone = new QualifiedTable(t.Schema, "aek_undo_" + hash);
        return new(r.Id, r.Kind, dialect, t,
            [
                $"CREATE TABLE {copy.Quoted} AS {select}",
                $"ALTER TABLE {t.Quoted} RENAME TO {SqlIdentifier.Quote(backup.Name)}",
                $"ALTER TABLE {copy.Quoted} RENAME TO {SqlIdentifier.Quote(t.Name)}",
            ],
            [
                $"ALTER TABLE {t.Quoted} RENAME TO {SqlIdentifier.Quote(undone.Name)}",
                $"ALTER TABLE {backup.Quoted} RENAME TO {SqlIdentifier.Quote(t.Name)}",
                $"DROP TABLE {undone.Quoted}",
            ],
            [$"DROP TABLE {backup.Quoted}"], null, backup);
    }

    /// <summary>
    /// PostgreSQL declarative partitioning: a partitioned copy (hash: N partitions; range: one per month from option
    /// <c>from</c> to <c>to</c>, plus a default partition for rows outside), all rows moved, names swapped, statistics gathered.
    /// </summary>
    private static SchemaChangeDdl PostgresPartitioning(SchemaRecommendation r, string hash, List<string> columns, string method)
    {
        RequireColumns(r, 1);
        var where = "recommendation " + r.Id;
        var t = r.Table;
        var copy = new QualifiedTable(t.Schema, "aek_new_" + hash);
        var backup = new QualifiedTable(t.Schema, "aek_bak_" + hash);
        var undone = new QualifiedTable(t.Schema, "aek_undo_" + hash);
        var forward = new List<string>
        {
            // Writers wait until the swap commits, so no row written during the copy is left behind in the backup.
            $"LOCK TABLE {t.Quoted} IN EXCLUSIVE MODE",
        };
        switch (method)
        {
            case "hash":
            {
                var partitionsText = r.Option("partitions") ?? r.Option("modulus") ?? "4";
                if (!int.TryParse(partitionsText, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 2 || n > 256)
                    throw new KitDataException($"option 'partitions' must be an integer from 2 to 256; got '{partitionsText}'.", where);
                forward.Add($"CREATE TABLE {copy.Quoted} (LIKE {t.Quoted} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY HASH ({string.Join(", ", columns)})");
                for (int i = 0; i < n; i++)
                    forward.Add($"CREATE TABLE {new QualifiedTable(t.Schema, $"aek_part_{hash}_{i}").Quoted} PARTITION OF {copy.Quoted} FOR VALUES WITH (MODULUS {n}, REMAINDER {i})");
                break;
            }
            case "range":
            {
                if (columns.Count != 1) throw new KitDataException($"range partitioning needs exactly one key column; got {columns.Count}.", where);
                DateOnly from = Date(r, "from"), to = Date(r, "to");
                if (to < from) throw new KitDataException($"option 'to' ({to:yyyy-MM-dd}) is before 'from' ({from:yyyy-MM-dd}).", where);
                forward.Add($"CREATE TABLE {copy.Quoted} (LIKE {t.Quoted} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ({columns[0]})");
                int months = 0;
                for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
                {
                    if (++months > 240) throw new KitDataException($"{from:yyyy-MM-dd} … {to:yyyy-MM-dd} would make more than 240 monthly partitions.", where);
                    var part = new QualifiedTable(t.Schema, $"aek_part_{hash}_{m.ToString("yyyy_MM", CultureInfo.InvariantCulture)}");
                    forward.Add($"CREATE TABLE {part.Quoted} PARTITION OF {copy.Quoted} FOR VALUES FROM ({SqlIdentifier.Literal(m.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}) " +
                                $"TO ({SqlIdentifier.Literal(m.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))})");
                }
                forward.Add($"CREATE TABLE {new QualifiedTable(t.Schema, $"aek_part_{hash}_default").Quoted} PARTITION OF {copy.Quoted} DEFAULT");
                break;
            }
            default:
                throw new KitDataException($"option 'method' is '{method}'; expected 'range' (monthly, with options from and to) or 'hash' (with option partitions).", where);
        }
        forward.Add($"INSERT INTO {copy.Quoted} SELECT * FROM {t.Quoted}");
        forward.Add($"ALTER TABLE {t.Quoted} RENAME TO {SqlIdentifier.Quote(backup.Name)}");
        forward.Add($"ALTER TABLE {copy.Quoted} RENAME TO {SqlIdentifier.Quote(t.Name)}");
        forward.Add($"ANALYZE {t.Quoted}");
        return new(r.Id, r.Kind, DdlDialect.PostgreSql, t, forward,
            [
                $"ALTER TABLE {t.Quoted} RENAME TO {SqlIdentifier.Quote(undone.Name)}",
                $"ALTER TABLE {backup.Quoted} RENAME TO {SqlIdentifier.Quote(t.Name)}",
                $"DROP TABLE {undone.Quoted}",
            ],
            [$"DROP TABLE {backup.Quoted}"], null, backup)
        {
            Note = "Indexes, primary keys and foreign keys of the original are not copied to the partitioned table (a primary key must include the partition key).",
        };
    }

    private static DateOnly Date(SchemaRecommendation r, string option) =>
        DateOnly.TryParseExact(r.Option(option), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new KitDataException($"option '{option}' is '{r.Option(option)}', expected a date yyyy-MM-dd.", "recommendation " + r.Id);

    /// <summary>PostgreSQL's identifier limit in bytes (NAMEDATALEN − 1).</summary>
    public const int MaxIdentifierBytes = 63;

    /// <summary>
    /// A name for an object derived from <paramref name="baseName"/>: <c>prefix + baseName + suffix</c>, or, when that is
    /// longer than <see cref="MaxIdentifierBytes"/> bytes, cut at a character boundary and ended with 8 hex digits of its
    /// SHA-256 (so it stays unique).
    /// </summary>
    public static string DerivedName(string prefix, string baseName, string suffix = "")
    {
        var full = prefix + baseName + suffix;
        if (Encoding.UTF8.GetByteCount(full) <= MaxIdentifierBytes) return full;
        var tail = "_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..8];
        var sb = new StringBuilder();
        foreach (var rune in full.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(sb.ToString()) + rune.Utf8SequenceLength + tail.Length > MaxIdentifierBytes) break;
            sb.Append(rune.ToString());
        }
        return sb + tail;
    }

    private static void RequireColumns(SchemaRecommendation r, int min, bool exactly = false)
    {
        if (r.Columns.Count < min || (exactly && r.Columns.Count != min))
            throw new KitDataException($"a {r.Kind} change needs {(exactly ? "exactly" : "at least")} {min} column(s); got {r.Columns.Count}.", "recommendation " + r.Id);
    }

    /// <summary>First 10 hex digits of SHA-256 of the id: short enough for PostgreSQL's 63-byte names, stable per recommendation.</summary>
    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..10];
}
