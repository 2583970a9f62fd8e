using AdaptiveEtl.Kit.SchemaEvolution.Ddl;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using SchemaChangeDdl = AdaptiveEtl.Kit.SchemaEvolution.Ddl.SchemaChangeDdl; // schema-usage has a Recommendations.SchemaChangeDdl too

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Controller;

public sealed class SchemaChangeDdlTests
{
    internal static SchemaRecommendation Rec(RecommendationKind kind, QualifiedTable table, string[] columns, params (string Key, string Value)[] options) =>
        new("rec-" + kind + "-" + table + "-" + string.Join(",", columns), kind, table, columns, options.ToDictionary(o => o.Key, o => o.Value),
            ["test"], 0.5, 0, RecommendationRisk.Low, "test recommendation");

    [Fact]
    public void Index_ddl_quotes_every_identifier_and_drops_the_same_index_on_rollback()
    {
        var ddl = SchemaChangeDdl.Generate(Rec(RecommendationKind.Index, new QualifiedTable("my schema", "x\"; DROP TABLE t; --"), ["a\"b", "select"]), DdlDialect.PostgreSql);
        var ix = ddl.CreatedObject!.Name;
        Assert.StartsWith("aek_ix_", ix);
        Assert.Equal($"CREATE INDEX \"{ix}\" ON \"my schema\".\"x\"\"; DROP TABLE t; --\" (\"a\"\"b\", \"select\")", Assert.Single(ddl.Forward));
        Assert.Equal($"DROP INDEX \"my schema\".\"{ix}\"", Assert.Single(ddl.Rollback));
    }

    [Theory]
    [InlineData("SELECT 1; DROP TABLE t")]
    [InlineData("DELETE FROM t")]
    [InlineData("SELECT 'a' /* unterminated")]
    public void A_view_definition_that_is_not_one_query_is_refused(string sql)
    {
        var rec = Rec(RecommendationKind.MaterializedView, new QualifiedTable(null, "t"), [], ("sql", sql));
        var e = Assert.Throws<KitDataException>(() => SchemaChangeDdl.Generate(rec, DdlDialect.PostgreSql));
        Assert.Contains("option 'sql'", e.Message);
        Assert.Contains(rec.Id, e.Message);
    }

    [Fact]
    public void Semicolons_inside_literals_identifiers_and_comments_are_part_of_one_query()
    {
        var rec = Rec(RecommendationKind.MaterializedView, new QualifiedTable(null, "t"), [], ("sql", "SELECT 'a;b' AS \"c;d\" -- x;y\nFROM t;"));
        var ddl = SchemaChangeDdl.Generate(rec, DdlDialect.DuckDb);
        Assert.Equal($"CREATE TABLE \"{ddl.CreatedObject!.Name}\" AS SELECT 'a;b' AS \"c;d\" -- x;y\nFROM t", Assert.Single(ddl.Forward));
    }

    [Theory]
    [InlineData("INTEGER; DROP TABLE t")]
    [InlineData("int) ; --")]
    [InlineData("")]
    public void A_type_name_that_is_not_a_plain_sql_type_is_refused(string type)
    {
        var rec = Rec(RecommendationKind.NarrowType, new QualifiedTable(null, "t"), ["c"], ("to_type", type), ("from_type", "BIGINT"));
        var e = Assert.Throws<KitDataException>(() => SchemaChangeDdl.Generate(rec, DdlDialect.PostgreSql));
        Assert.Contains("to_type", e.Message);
    }

    [Fact]
    public void DuckDb_type_change_is_a_copy_and_swap_whose_rollback_swaps_back()
    {
        var t = new QualifiedTable(null, "facts");
        var ddl = SchemaChangeDdl.Generate(Rec(RecommendationKind.NarrowType, t, ["qty"], ("to_type", "INTEGER"), ("from_type", "BIGINT")), DdlDialect.DuckDb);
        Assert.True(ddl.RewritesTable);
        var bak = ddl.BackupTable!.Name;
        Assert.Equal(3, ddl.Forward.Count);
        Assert.Contains("CAST(\"qty\" AS INTEGER)", ddl.Forward[0]);
        Assert.Equal($"ALTER TABLE \"facts\" RENAME TO \"{bak}\"", ddl.Forward[1]);
        Assert.Equal($"ALTER TABLE \"{bak}\" RENAME TO \"facts\"", ddl.Rollback[1]);
        Assert.Equal($"DROP TABLE \"{bak}\"", Assert.Single(ddl.Cleanup));
    }

    [Fact]
    public void Range_partitioning_on_postgres_needs_valid_bounds_and_makes_a_partition_per_month_plus_a_default()
    {
        var t = new QualifiedTable(null, "t");
        var missing = Rec(RecommendationKind.Partitioning, t, ["day"], ("method", "range"));
        Assert.Contains("option 'from' is ''", Assert.Throws<KitDataException>(() => SchemaChangeDdl.Generate(missing, DdlDialect.PostgreSql)).Message);
        var reversed = Rec(RecommendationKind.Partitioning, t, ["day"], ("method", "range"), ("from", "2025-03-01"), ("to", "2025-01-01"));
        Assert.Contains("is before 'from'", Assert.Throws<KitDataException>(() => SchemaChangeDdl.Generate(reversed, DdlDialect.PostgreSql)).Message);
        var list = Rec(RecommendationKind.Partitioning, t, ["day"], ("method", "list"));
        Assert.Contains("expected 'range'", Assert.Throws<KitDataException>(() => SchemaChangeDdl.Generate(list, DdlDialect.PostgreSql)).Message);

        var ddl = SchemaChangeDdl.Generate(Rec(RecommendationKind.Partitioning, t, ["day"], ("method", "range"), ("from", "2025-01-15"), ("to", "2025-03-02")), DdlDialect.PostgreSql);
        // Jan, Feb, Mar 2025 (the months holding 2025-01-15 … 2025-03-02) and a DEFAULT partition; statistics at the end.
        Assert.Equal(3, ddl.Forward.Count(s => s.Contains("FOR VALUES FROM", StringComparison.Ordinal)));
        Assert.Contains(ddl.Forward, s => s.Contains("FOR VALUES FROM ('2025-03-01') TO ('2025-04-01')", StringComparison.Ordinal));
        Assert.Single(ddl.Forward, s => s.EndsWith(" DEFAULT", StringComparison.Ordinal));
        Assert.StartsWith("ANALYZE", ddl.Forward[^1]);
        Assert.True(ddl.RewritesTable);
    }
}
