using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

namespace AdaptiveEtl.Kit.SchemaEvolution.Ddl;

/// <summary>
/// The DDL that applies and undoes one <see cref="SchemaRecommendation"/> on one engine. Every list runs as ONE
/// transaction, so a change commits whole or leaves the store as it was: <see cref="Forward"/> applies it,
/// <see cref="Rollback"/> restores the previous state after a regression, <see cref="Cleanup"/> drops what the rollback
/// would have needed once the change is kept (the backup of a copy-and-swap). Identifiers are quoted with
/// <see cref="SqlIdentifier"/>; type names and view queries from the recommendation are validated first (they can be
/// neither quoted nor bound). Objects the change creates get names derived from the recommendation id
/// (<c>aek_ix_…</c>, <c>aek_mv_…</c>, <c>aek_bak_…</c>), so the same recommendation always creates the same names.
/// <para>
/// PostgreSQL: <c>CREATE INDEX</c> (not <c>CONCURRENTLY</c>, which cannot run in a transaction), <c>ALTER COLUMN … TYPE</c>,
/// <c>CREATE MATERIALIZED VIEW</c>, and hash partitioning as a partitioned copy + row move + name swap. DuckDB:
/// <c>CREATE INDEX</c>, a table as the materialised view, and copy-and-swap (<c>CREATE TABLE … AS</c> the rewritten
/// table, then rename the original to the backup name and the copy to the original name) for type changes,
/// partitioning and clustering (an ordered copy, so zone maps prune).
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
        switch (r.Kind)
        {
            case RecommendationKind.Index:
            {
                RequireColumns(r, 1);
                var ix = new QualifiedTable(t.Schema, r.Option("name") ?? "aek_ix_" + hash);
                return new(r.Id, r.Kind, dialect, t,
                    [$"CREATE INDEX {SqlIdentifier.Quote(ix.Name)} ON {t.Quoted} ({string.Join(", ", columns)})"],
                    [$"DROP INDEX {ix.Quoted}"], [], ix, null);
            }
            case RecommendationKind.MaterializedView:
            case RecommendationKind.PreJoinedTable:
            {
                var query = SelectStatementGuard.Validate(r.Option("sql"), r.Id);
                var prefix = r.Kind == RecommendationKind.MaterializedView ? "aek_mv_" : "aek_pj_";
                var mv = new QualifiedTable(t.Schema, r.Option("name") ?? prefix + hash);
                bool pgView = dialect == DdlDialect.PostgreSql && r.Kind == RecommendationKind.MaterializedView;
                return new(r.Id, r.Kind, dialect, t,
                    [pgView ? $"CREATE MATERIALIZED VIEW {mv.Quoted} AS {query}" : $"CREATE TABLE {mv.Quoted} AS {query}"],
                    [pgView ? $"DROP MATERIALIZED VIEW {mv.Quoted}" : $"DROP TABLE {mv.Quoted}"], [], mv, null);
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
                        [$"ALTER TABLE {t.Quoted} ALTER COLUMN {c} TYPE {to} USING CAST({c} AS {to})"],
                        [$"ALTER TABLE {t.Quoted} ALTER COLUMN {c} TYPE {from} USING CAST({c} AS {from})"], [], null, null);
                return CopyAndSwap(r, dialect, hash, $"SELECT * REPLACE (CAST({c} AS {to}) AS {c}) FROM {t.Quoted}");
            }
            case RecommendationKind.Partitioning when dialect == DdlDialect.PostgreSql:
                return PostgresHashPartitioning(r, hash, columns);
            case RecommendationKind.Partitioning:
            case RecommendationKind.Clustering when dialect == DdlDialect.DuckDb:
                RequireColumns(r, 1);
                return CopyAndSwap(r, dialect, hash, $"SELECT * FROM {t.Quoted} ORDER BY {string.Join(", ", columns)}");
            default:
                throw new KitDataException($"a {r.Kind} change cannot be applied on {dialect} by the controller (supported: Index, MaterializedView, PreJoinedTable, NarrowType, WidenType, Partitioning; Clustering on DuckDB).", where);
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

    /// <summary>PostgreSQL declarative hash partitioning: a partitioned copy with N partitions, all rows moved, names swapped.</summary>
    private static SchemaChangeDdl PostgresHashPartitioning(SchemaRecommendation r, string hash, List<string> columns)
    {
        RequireColumns(r, 1);
        var where = "recommendation " + r.Id;
        var method = (r.Option("method") ?? "hash").Trim().ToLowerInvariant();
        if (method != "hash")
            throw new KitDataException($"option 'method' is '{method}'; the controller applies hash partitioning on PostgreSQL (range and list need bounds it does not guess).", where);
        var partitionsText = r.Option("partitions") ?? "4";
        if (!int.TryParse(partitionsText, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 2 || n > 256)
            throw new KitDataException($"option 'partitions' must be an integer from 2 to 256; got '{partitionsText}'.", where);
        var t = r.Table;
        var copy = new QualifiedTable(t.Schema, "aek_new_" + hash);
        var backup = new QualifiedTable(t.Schema, "aek_bak_" + hash);
        var undone = new QualifiedTable(t.Schema, "aek_undo_" + hash);
        var forward = new List<string>
        {
            // Writers wait until the swap commits, so no row written during the copy is left behind in the backup.
            $"LOCK TABLE {t.Quoted} IN EXCLUSIVE MODE",
            $"CREATE TABLE {copy.Quoted} (LIKE {t.Quoted} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY HASH ({string.Join(", ", columns)})",
        };
        for (int i = 0; i < n; i++)
        {
            var part = new QualifiedTable(t.Schema, $"aek_part_{hash}_{i}");
            forward.Add($"CREATE TABLE {part.Quoted} PARTITION OF {copy.Quoted} FOR VALUES WITH (MODULUS {n}, REMAINDER {i})");
        }
        forward.Add($"INSERT INTO {copy.Quoted} SELECT * FROM {t.Quoted}");
        forward.Add($"ALTER TABLE {t.Quoted} RENAME TO {SqlIdentifier.Quote(backup.Name)}");
        forward.Add($"ALTER TABLE {copy.Quoted} RENAME TO {SqlIdentifier.Quote(t.Name)}");
        return new(r.Id, r.Kind, DdlDialect.PostgreSql, t, forward,
            [
                $"ALTER TABLE {t.Quoted} RENAME TO {SqlIdentifier.Quote(undone.Name)}",
                $"ALTER TABLE {backup.Quoted} RENAME TO {SqlIdentifier.Quote(t.Name)}",
                $"DROP TABLE {undone.Quoted}",
            ],
            [$"DROP TABLE {backup.Quoted}"], null, backup);
    }

    private static void RequireColumns(SchemaRecommendation r, int min, bool exactly = false)
    {
        if (r.Columns.Count < min || (exactly && r.Columns.Count != min))
            throw new KitDataException($"a {r.Kind} change needs {(exactly ? "exactly" : "at least")} {min} column(s); got {r.Columns.Count}.", "recommendation " + r.Id);
    }

    /// <summary>First 10 hex digits of SHA-256 of the id: short enough for PostgreSQL's 63-byte names, stable per recommendation.</summary>
    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..10];
}
