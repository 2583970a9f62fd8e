using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.SchemaEvolution.Recommendations;

/// <summary>
/// Renders a <see cref="SchemaRecommendation"/> as DDL for PostgreSQL or DuckDB (<see cref="SchemaChangeScript"/>), for
/// every kind and option the recommenders here produce (monthly range partitions, <c>CLUSTER</c>, salting, composite keys
/// included), so advice JSON can show the DDL beside each recommendation. Every
/// identifier is quoted; names of new objects derive from the table name (cut to PostgreSQL's 63-byte limit with a hash
/// suffix so they stay unique). Changes that rewrite a table (partitioning, DuckDB clustering) build a new table, swap
/// names and keep the original under <c>&lt;table&gt;__orig</c> until <see cref="SchemaChangeScript.Finalize"/>.
/// </summary>
public static partial class RecommendationDdl
{
    /// <summary>PostgreSQL's identifier limit in bytes (NAMEDATALEN − 1).</summary>
    public const int MaxIdentifierBytes = 63;

    /// <summary>True when <paramref name="recommendation"/> can be rendered for <paramref name="engine"/>.</summary>
    public static bool Supports(SchemaRecommendation recommendation, SqlEngine engine)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        return !(engine == SqlEngine.DuckDb && recommendation.Kind == RecommendationKind.SkewMitigation && recommendation.Option("strategy") == "hash");
    }

    /// <summary>Renders the DDL.</summary>
    /// <exception cref="KitDataException">The recommendation lacks an option its kind needs, names an invalid type, or cannot be rendered for the engine.</exception>
    public static SchemaChangeScript Render(SchemaRecommendation recommendation, SqlEngine engine)
    {
        ArgumentNullException.ThrowIfNull(recommendation);
        var r = recommendation;
        if (r.Columns.Count == 0 && r.Kind is not (RecommendationKind.MaterializedView or RecommendationKind.PreJoinedTable))
            throw new KitDataException($"recommendation {r.Id} ({r.Kind}) names no column.", r.Table.ToString());
        if (!Supports(r, engine))
            throw new KitDataException($"recommendation {r.Id}: {r.Kind} with strategy '{r.Option("strategy")}' has no {engine} equivalent (DuckDB has no table partitioning).", r.Table.ToString());
        return r.Kind switch
        {
            RecommendationKind.Index => Index(r, engine, r.Columns),
            RecommendationKind.Clustering => Clustering(r, engine),
            RecommendationKind.Partitioning => engine == SqlEngine.PostgreSql ? Partitioning(r, r.Option("method") ?? "range")
                : Sorted(r, engine, "DuckDB has no declarative partitioning: the table is rewritten sorted by the key so its zone maps (min/max per row group) prune like partitions."),
            RecommendationKind.MaterializedView => View(r, engine, materialized: true),
            RecommendationKind.PreJoinedTable => View(r, engine, materialized: false),
            RecommendationKind.NarrowType or RecommendationKind.WidenType => Retype(r, engine),
            RecommendationKind.SkewMitigation => Skew(r, engine),
            _ => throw new KitDataException($"recommendation {r.Id}: unknown kind {r.Kind}.", r.Table.ToString()),
        };
    }

    /// <summary>
    /// A name for an object derived from <paramref name="baseName"/>: <c>prefix + baseName + suffix</c>, or, when that is
    /// longer than <see cref="MaxIdentifierBytes"/> bytes, cut and ended with 8 hex digits of its SHA-256 (so it stays unique).
    /// </summary>
    public static string DerivedName(string prefix, string baseName, string suffix = "")
    {
        var full = prefix + baseName + suffix;
        if (Encoding.UTF8.GetByteCount(full) <= MaxIdentifierBytes) return full;
        var hash = "_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..8];
        var sb = new StringBuilder();
        foreach (var rune in full.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(sb.ToString() + rune) + hash.Length > MaxIdentifierBytes) break;
            sb.Append(rune);
        }
        return sb + hash;
    }

    /// <summary>The index name the kit uses for an index on <paramref name="columns"/> of <paramref name="table"/>.</summary>
    public static string IndexName(QualifiedTable table, IReadOnlyList<string> columns) => DerivedName("ix_", table.Name, "__" + string.Join("_", columns));

    private static string Q(string name) => SqlIdentifier.Quote(name);
    private static string InSchema(QualifiedTable t, string name) => t.Schema is null ? Q(name) : SqlIdentifier.Quote(t.Schema, name);
    private static string Cols(IEnumerable<string> columns) => string.Join(", ", columns.Select(Q));

    private static SchemaChangeScript Script(SchemaRecommendation r, SqlEngine e, IEnumerable<string> apply, IEnumerable<string> undo,
        IEnumerable<string>? refresh = null, IEnumerable<string>? finalize = null, string? note = null) =>
        new(r, e, apply.ToList(), undo.ToList(), (refresh ?? []).ToList(), (finalize ?? []).ToList(), note);

    private static SchemaChangeScript Index(SchemaRecommendation r, SqlEngine e, IReadOnlyList<string> columns)
    {
        var ix = IndexName(r.Table, columns);
        return Script(r, e, [$"CREATE INDEX {Q(ix)} ON {r.Table.Quoted} ({Cols(columns)})"], [$"DROP INDEX IF EXISTS {InSchema(r.Table, ix)}"]);
    }

    private static SchemaChangeScript Clustering(SchemaRecommendation r, SqlEngine e)
    {
        if (e == SqlEngine.DuckDb) return Sorted(r, e, "The table is rewritten sorted by the key (copy and swap) so DuckDB's zone maps prune; indexes and constraints of the original are not copied.");
        var ix = IndexName(r.Table, r.Columns);
        return Script(r, e, [$"CREATE INDEX {Q(ix)} ON {r.Table.Quoted} ({Cols(r.Columns)})", $"CLUSTER {r.Table.Quoted} USING {Q(ix)}", $"ANALYZE {r.Table.Quoted}"],
            [$"DROP INDEX IF EXISTS {InSchema(r.Table, ix)}"], note: "CLUSTER orders the table once; later inserts are not kept in order (re-run CLUSTER in a maintenance window).");
    }

    // Copy and swap: new sorted table, original kept as <name>__orig until Finalize.
    private static SchemaChangeScript Sorted(SchemaRecommendation r, SqlEngine e, string note)
    {
        var t = r.Table;
        string next = DerivedName("", t.Name, "__next"), orig = DerivedName("", t.Name, "__orig");
        return Script(r, e,
            [$"CREATE TABLE {InSchema(t, next)} AS SELECT * FROM {t.Quoted} ORDER BY {Cols(r.Columns)}", $"ALTER TABLE {t.Quoted} RENAME TO {Q(orig)}", $"ALTER TABLE {InSchema(t, next)} RENAME TO {Q(t.Name)}"],
            [$"DROP TABLE {t.Quoted}", $"ALTER TABLE {InSchema(t, orig)} RENAME TO {Q(t.Name)}"],
            finalize: [$"DROP TABLE {InSchema(t, orig)}"], note: note);
    }

    private static SchemaChangeScript Partitioning(SchemaRecommendation r, string method)
    {
        var t = r.Table;
        string next = DerivedName("", t.Name, "__next"), orig = DerivedName("", t.Name, "__orig");
        var apply = new List<string>();
        switch (method)
        {
            case "range":
            {
                var from = Date(r, "from");
                var to = Date(r, "to");
                apply.Add($"CREATE TABLE {InSchema(t, next)} (LIKE {t.Quoted} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ({Q(r.Columns[0])})");
                var start = new DateOnly(from.Year, from.Month, 1);
                int months = 0;
                for (var m = start; m <= to; m = m.AddMonths(1))
                {
                    if (++months > 240) throw new KitDataException($"recommendation {r.Id}: {from:yyyy-MM-dd} … {to:yyyy-MM-dd} would make more than 240 monthly partitions.", t.ToString());
                    apply.Add($"CREATE TABLE {InSchema(t, DerivedName("", t.Name, m.ToString("'__p'yyyy_MM", CultureInfo.InvariantCulture)))} PARTITION OF {InSchema(t, next)} " +
                              $"FOR VALUES FROM ({SqlIdentifier.Literal(m.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}) TO ({SqlIdentifier.Literal(m.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))})");
                }
                apply.Add($"CREATE TABLE {InSchema(t, DerivedName("", t.Name, "__pdefault"))} PARTITION OF {InSchema(t, next)} DEFAULT");
                break;
            }
            case "hash":
            {
                int modulus = int.TryParse(r.Option("modulus") ?? r.Option("partitions"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 2 and <= 1024 ? n
                    : throw new KitDataException($"recommendation {r.Id}: option 'modulus' is '{r.Option("modulus")}', expected an integer 2–1024.", t.ToString());
                apply.Add($"CREATE TABLE {InSchema(t, next)} (LIKE {t.Quoted} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY HASH ({Cols(r.Columns)})");
                for (int i = 0; i < modulus; i++)
                    apply.Add($"CREATE TABLE {InSchema(t, DerivedName("", t.Name, "__h" + i.ToString(CultureInfo.InvariantCulture)))} PARTITION OF {InSchema(t, next)} FOR VALUES WITH (MODULUS {modulus}, REMAINDER {i})");
                break;
            }
            default:
                throw new KitDataException($"recommendation {r.Id}: partitioning method '{method}' is not supported; expected 'range' or 'hash'.", t.ToString());
        }
        apply.Add($"INSERT INTO {InSchema(t, next)} SELECT * FROM {t.Quoted}");
        apply.Add($"ALTER TABLE {t.Quoted} RENAME TO {Q(orig)}");
        apply.Add($"ALTER TABLE {InSchema(t, next)} RENAME TO {Q(t.Name)}");
        apply.Add($"ANALYZE {t.Quoted}");
        return Script(r, SqlEngine.PostgreSql, apply,
            [$"DROP TABLE {t.Quoted}", $"ALTER TABLE {InSchema(t, orig)} RENAME TO {Q(t.Name)}"],
            finalize: [$"DROP TABLE {InSchema(t, orig)}"],
            note: "Indexes, primary keys and foreign keys of the original are not copied to the partitioned table (a primary key must include the partition key).");
    }

    private static DateOnly Date(SchemaRecommendation r, string option) =>
        DateOnly.TryParseExact(r.Option(option), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new KitDataException($"recommendation {r.Id}: option '{option}' is '{r.Option(option)}', expected a date yyyy-MM-dd.", r.Table.ToString());

    private static SchemaChangeScript View(SchemaRecommendation r, SqlEngine e, bool materialized)
    {
        var sql = r.Option("sql") ?? throw new KitDataException($"recommendation {r.Id} ({r.Kind}) has no 'sql' option (the view definition).", r.Table.ToString());
        var statements = SqlTokenizer.SplitStatements(sql);
        var first = SqlTokenizer.Tokenize(sql).FirstOrDefault();
        if (statements.Count != 1 || !(first.Is("select") || first.Is("with")))
            throw new KitDataException($"recommendation {r.Id}: the view definition must be one SELECT statement; got {statements.Count} statement(s) starting with '{first.Text}'.", r.Table.ToString());
        var body = statements[0].Text.Trim();
        // The view/table created: option 'name' in the schema of the table the change is about (as the controller's renderer).
        var t = new QualifiedTable(r.Table.Schema, r.Option("name") ?? DerivedName(materialized ? "mv_" : "pj_", r.Id)).Quoted;
        if (materialized && e == SqlEngine.PostgreSql)
            return Script(r, e, [$"CREATE MATERIALIZED VIEW {t} AS {body}"], [$"DROP MATERIALIZED VIEW IF EXISTS {t}"], [$"REFRESH MATERIALIZED VIEW {t}"]);
        var refresh = e == SqlEngine.PostgreSql ? new[] { $"DELETE FROM {t}", $"INSERT INTO {t} {body}" } : [$"CREATE OR REPLACE TABLE {t} AS {body}"];
        return Script(r, e, [$"CREATE TABLE {t} AS {body}"], [$"DROP TABLE IF EXISTS {t}"], refresh,
            note: materialized ? "DuckDB has no materialised views: a table built from the query, refreshed by rebuilding it." : "Refresh after every load of the upstream tables (option refresh_after).");
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_ ]{0,40}(\(\s*\d{1,5}\s*(,\s*\d{1,5}\s*)?\))?$")]
    private static partial Regex TypeName();

    private static string Type(SchemaRecommendation r, string option)
    {
        var type = r.Option(option) ?? throw new KitDataException($"recommendation {r.Id} ({r.Kind}) has no '{option}' option.", r.Table.ToString());
        return TypeName().IsMatch(type) ? type : throw new KitDataException($"recommendation {r.Id}: '{type}' is not a type name (option '{option}'); expected e.g. INTEGER or VARCHAR(24).", r.Table.ToString());
    }

    private static SchemaChangeScript Retype(SchemaRecommendation r, SqlEngine e)
    {
        string to = Type(r, "to_type"), from = Type(r, "from_type"), c = Q(r.Columns[0]);
        string verb = e == SqlEngine.PostgreSql ? "TYPE" : "SET DATA TYPE";
        return Script(r, e, [$"ALTER TABLE {r.Table.Quoted} ALTER COLUMN {c} {verb} {to}"], [$"ALTER TABLE {r.Table.Quoted} ALTER COLUMN {c} {verb} {from}"],
            note: e == SqlEngine.DuckDb && to.Contains('(') && to.StartsWith("VARCHAR", StringComparison.OrdinalIgnoreCase) ? "DuckDB does not enforce VARCHAR lengths: the change documents the bound only." : null);
    }

    private static SchemaChangeScript Skew(SchemaRecommendation r, SqlEngine e)
    {
        switch (r.Option("strategy"))
        {
            case "hash":
                return Partitioning(r, "hash");
            case "composite":
                return Index(r, e, r.Columns);
            case "salting":
            {
                int buckets = int.TryParse(r.Option("salt_buckets"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 2 and <= 1024 ? n
                    : throw new KitDataException($"recommendation {r.Id}: option 'salt_buckets' is '{r.Option("salt_buckets")}', expected an integer 2–1024.", r.Table.ToString());
                var salt = DerivedName("", r.Columns[0], "__salt");
                return Script(r, e,
                    [$"ALTER TABLE {r.Table.Quoted} ADD COLUMN {Q(salt)} SMALLINT", $"UPDATE {r.Table.Quoted} SET {Q(salt)} = CAST(floor(random() * {buckets}) AS SMALLINT)"],
                    [$"ALTER TABLE {r.Table.Quoted} DROP COLUMN {Q(salt)}"],
                    note: $"Joins and aggregations on the hot key then spread over {buckets} salt buckets (the other side replicates each key once per bucket).");
            }
            default:
                throw new KitDataException($"recommendation {r.Id}: skew strategy '{r.Option("strategy")}' is not supported; expected 'hash', 'composite' or 'salting'.", r.Table.ToString());
        }
    }
}
