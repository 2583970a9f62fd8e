using AdaptiveEtl.Kit.Proactive.SchemaChecks;
using AdaptiveEtl.Kit.Schema;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Tests.Proactive.SchemaChecks;

public sealed class SchemaCheckerTests
{
    private static ObservedColumn Col(string name, string type, params string[] values) =>
        new(name, type, type is "VARCHAR" ? ColumnKind.Text : ColumnKind.Integer, false, values);

    private static SchemaSnapshot Snap(string origin, params ObservedColumn[] cols) => new(origin, cols);

    [Fact]
    public void Unchanged_schema_has_no_changes()
    {
        var a = Snap("e", Col("id", "BIGINT", "1"), Col("s", "VARCHAR", "x"));
        var r = SchemaChecker.Compare(a, a with { Origin = "f.csv" });
        Assert.Equal(SchemaCheckVerdict.Unchanged, r.Verdict);
        Assert.Empty(r.Changes);
    }

    [Theory]
    [InlineData("INTEGER", "BIGINT", SchemaChangeKind.Widened, true)]
    [InlineData("BIGINT", "DOUBLE", SchemaChangeKind.Widened, true)]
    [InlineData("FLOAT", "DOUBLE", SchemaChangeKind.Widened, true)]
    [InlineData("DATE", "TIMESTAMP", SchemaChangeKind.Widened, true)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(12,3)", SchemaChangeKind.Widened, true)]
    [InlineData("DOUBLE", "BIGINT", SchemaChangeKind.Narrowed, true)]
    [InlineData("BIGINT", "INTEGER", SchemaChangeKind.Narrowed, true)]
    [InlineData("BIGINT", "VARCHAR", SchemaChangeKind.Retyped, false)]
    [InlineData("DOUBLE", "BOOLEAN", SchemaChangeKind.Retyped, false)]
    [InlineData("DECIMAL(10,2)", "DECIMAL(10,4)", SchemaChangeKind.Retyped, false)]
    [InlineData("UBIGINT", "BIGINT", SchemaChangeKind.Retyped, false)]
    public void Retypes_are_classified_by_whether_values_fit(string expected, string arriving, SchemaChangeKind kind, bool compatible)
    {
        var r = SchemaChecker.Compare(Snap("e", Col("c", expected, "1")), Snap("f.csv", Col("c", arriving, "1")));
        var c = Assert.Single(r.Changes);
        Assert.Equal((kind, compatible, "c", "f.csv"), (c.Kind, c.Compatible, c.Column, c.Origin));
    }

    [Fact]
    public void A_column_with_only_nulls_is_compatible_whatever_type_the_reader_guessed()
    {
        var r = SchemaChecker.Compare(Snap("e", Col("c", "DOUBLE", "1.5")), Snap("f", new ObservedColumn("c", "VARCHAR", ColumnKind.Text, true, [])));
        Assert.Equal(SchemaCheckVerdict.Compatible, r.Verdict);
    }

    [Fact]
    public void Retype_names_sample_values_that_do_not_fit()
    {
        var r = SchemaChecker.Compare(Snap("e", Col("customer_id", "BIGINT", "2556")), Snap("orders_2025-12-09.csv", Col("customer_id", "VARCHAR", "C003313", "C001047")));
        var c = Assert.Single(r.Incompatible);
        Assert.Contains("'C003313'", c.Description);
        var ex = Assert.Throws<SchemaIncompatibleException>(r.ThrowIfIncompatible);
        Assert.Equal("orders_2025-12-09.csv", ex.Location);
        Assert.Equal("customer_id", ex.Column);
    }

    [Fact]
    public void Renames_are_found_by_name_similarity_or_value_overlap()
    {
        var expected = Snap("e", Col("id", "BIGINT", "1", "2"), Col("status", "VARCHAR", "completed", "pending", "cancelled"), Col("amount", "DOUBLE", "1.5"));
        // 'state' holds the same labels (overlap 3/4 = 0.75); 'amount_eur' is similar to 'amount' (1 - 3/9 = 0.67 after dropping '_').
        var arriving = Snap("f.csv", Col("id", "BIGINT", "3"), Col("state", "VARCHAR", "completed", "pending", "cancelled", "refunded"), Col("amount_eur", "DOUBLE", "9.5"));
        var r = SchemaChecker.Compare(expected, arriving);
        Assert.Equal(SchemaCheckVerdict.Incompatible, r.Verdict);
        Assert.Equal([("status", "state"), ("amount", "amount_eur")], r.Changes.Select(c => (c.Column, c.NewName!)));
        Assert.All(r.Changes, c => Assert.Equal(SchemaChangeKind.Renamed, c.Kind));
        Assert.Contains("value overlap 0.75", r.Changes[0].Description);

        var allowed = SchemaChecker.Compare(expected, arriving, new SchemaCheckOptions { AllowRenames = true });
        Assert.Equal(SchemaCheckVerdict.Compatible, allowed.Verdict);
    }

    [Fact]
    public void A_dissimilar_removed_and_added_pair_is_a_removal_and_an_addition()
    {
        var r = SchemaChecker.Compare(Snap("e", Col("id", "BIGINT", "1"), Col("zip", "VARCHAR", "1000")), Snap("f", Col("id", "BIGINT", "1"), Col("colour", "VARCHAR", "red")));
        Assert.Equal([SchemaChangeKind.Removed, SchemaChangeKind.Added], r.Changes.Select(c => c.Kind));
        Assert.False(r.Changes[0].Compatible);
        Assert.True(r.Changes[1].Compatible);
    }

    [Theory]
    [InlineData("amount", "amt", 0.5)]          // Levenshtein 3 over 6
    [InlineData("customer_id", "CustomerId", 1.0)] // case and '_' ignored
    [InlineData("kitten", "sitting", 1 - 3.0 / 7)] // the textbook distance 3
    public void Name_similarity_is_one_minus_normalised_levenshtein(string a, string b, double expected) =>
        Assert.Equal(expected, SchemaChecker.NameSimilarity(a, b), 10);

    [Fact]
    public void Snapshot_from_duckdb_reads_types_nulls_and_samples_and_round_trips_as_json()
    {
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE \"t x\" (id BIGINT, \"we\"\"ird\" VARCHAR, d DOUBLE); INSERT INTO \"t x\" VALUES (1, 'a', NULL), (2, 'b', 1.5), (2, 'b', 2.5)";
            cmd.ExecuteNonQuery();
        }
        var s = SchemaSnapshot.FromDuckDb(conn, "t x", "t");
        Assert.Equal(["id BIGINT NOT NULL", "we\"ird VARCHAR NOT NULL", "d DOUBLE"], s.Columns.Select(c => c.ToString()));
        Assert.Equal(["a", "b"], s.Find("we\"ird")!.SampleValues);
        var back = SchemaSnapshot.FromJson(s.ToJson());
        Assert.Equal(s.Columns.Select(c => (c.Name, c.StorageType, c.Kind, c.Nullable, string.Join("|", c.SampleValues))),
            back.Columns.Select(c => (c.Name, c.StorageType, c.Kind, c.Nullable, string.Join("|", c.SampleValues))));
    }
}
