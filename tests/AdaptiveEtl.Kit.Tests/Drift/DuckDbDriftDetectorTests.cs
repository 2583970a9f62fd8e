using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Drift;
using AdaptiveEtl.Kit.Drift.DuckDb;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Tests.Drift;

public class DuckDbDriftDetectorTests
{
    private static (DataFrame Frame, string Table) Load(DuckDBConnection conn, string table, int n, double shift, int seed, bool withExtra)
    {
        var income = DriftDetectorTests.Normal(n, 50 + shift, 10, seed).Select((v, i) => i % 17 == 0 ? (double?)null : Math.Round(v, 2)).ToArray();
        var segment = DriftDetectorTests.Categories(n, [("consumer", 0.6), ("smb", 0.25 + shift / 100), ("enterprise", 0.15 - shift / 100)], seed + 1);
        var active = DriftDetectorTests.Categories(n, [("t", 0.7), ("f", 0.3)], seed + 2).Select(s => s == "t").ToArray();
        var signup = Enumerable.Range(0, n).Select(i => new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i * 3 + shift * 24)).ToArray();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"CREATE TABLE {Kit.Data.SqlIdentifier.Quote(table)} (income DOUBLE, segment VARCHAR, active BOOLEAN, signup TIMESTAMP{(withExtra ? ", extra INTEGER" : ", only_ref VARCHAR")}, code {(withExtra ? "VARCHAR" : "INTEGER")})";
            cmd.ExecuteNonQuery();
        }
        using (var app = conn.CreateAppender(table))
        {
            for (int i = 0; i < n; i++)
            {
                var row = app.CreateRow();
                if (income[i] is { } v) row.AppendValue(v); else row.AppendNullValue();
                row.AppendValue(segment[i]).AppendValue(active[i]).AppendValue(signup[i]);
                if (withExtra) row.AppendValue(i); else row.AppendValue("r");
                if (withExtra) row.AppendValue("c" + i % 3); else row.AppendValue(i % 3);
                row.EndRow();
            }
        }
        var frame = new DataFrame(new DoubleDataFrameColumn("income", income), new StringDataFrameColumn("segment", segment),
            new BooleanDataFrameColumn("active", active), new PrimitiveDataFrameColumn<DateTime>("signup", signup));
        return (frame, table);
    }

    [Theory]
    [InlineData(400, 300)]   // tests (KS, χ², z)
    [InlineData(3000, 2500)] // distances (Wasserstein, JS)
    public void SqlPushDownGivesTheSameVerdictsAsTheDataFrame(int nRef, int nCur)
    {
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        var (refFrame, refTable) = Load(conn, "ref \"v1\"", nRef, 0, 1, false);
        var (curFrame, curTable) = Load(conn, "current", nCur, 4, 2, true);
        var options = DriftOptions.Default with { Multivariate = false };
        var sql = DuckDbDriftDetector.Compare(conn, refTable, curTable, options);
        var mem = DriftDetector.Compare(refFrame, curFrame, options);
        foreach (var name in new[] { "income", "segment", "active", "signup" })
        {
            var a = sql[name];
            var b = mem[name];
            Assert.Equal(DriftStatus.Ok, a.Status);
            Assert.Equal(b.Method, a.Method);
            Assert.Equal(b.Statistic, a.Statistic, 1e-9);
            Assert.Equal(b.PValue ?? -1, a.PValue ?? -1, 1e-9);
            Assert.Equal(b.Psi!.Value, a.Psi!.Value, 1e-9);
            Assert.Equal(b.Drifted, a.Drifted);
            Assert.Equal(b.ReferenceCount, a.ReferenceCount);
        }
        Assert.True(sql["signup"].Drifted); // current signups are 4 days later and span a different period
        Assert.Equal(DriftStatus.MissingInCurrent, sql["only_ref"].Status);
        Assert.Equal(DriftStatus.MissingInReference, sql["extra"].Status);
        Assert.Equal(DriftStatus.TypeMismatch, sql["code"].Status);
        Assert.Null(sql.Multivariate);
    }

    [Fact]
    public void UnknownTableIsAClearError()
    {
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        var ex = Assert.Throws<KitDataException>(() => DuckDbDriftDetector.Compare(conn, "nope", "nope2"));
        Assert.Contains("nope", ex.Message);
    }

    [Fact]
    public void SchemaQualifiedTablesAreReadAndNeverMixedWithSameNamedTables()
    {
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = """
                CREATE SCHEMA sales; CREATE SCHEMA "my schema";
                CREATE TABLE sales.orders AS SELECT i::DOUBLE AS v, i AS only_sales FROM range(200) t(i);
                CREATE TABLE main.orders AS SELECT (i + 1000)::DOUBLE AS v, 'x' || i AS only_main FROM range(200) t(i);
                CREATE TABLE "my schema"."t.2025" AS SELECT i::DOUBLE AS v FROM range(200) t(i);
                """;
            cmd.ExecuteNonQuery();
        }
        static string[] Names(DriftReport r) => r.Columns.Select(c => c.Column).Order(StringComparer.Ordinal).ToArray();

        // Unqualified: the current schema's table only (information_schema by table_name alone mixed in only_sales).
        Assert.Equal(["only_main", "v"], Names(DuckDbDriftDetector.Compare(conn, "orders", "orders")));
        // Qualified on both sides: each side's own columns; the shifted v drifts, the schema differences are named.
        var report = DuckDbDriftDetector.Compare(conn, "sales.orders", "main.orders");
        Assert.Equal(["only_main", "only_sales", "v"], Names(report));
        Assert.True(report["v"].Drifted);
        Assert.Equal(DriftStatus.MissingInCurrent, report["only_sales"].Status);
        Assert.Equal(DriftStatus.MissingInReference, report["only_main"].Status);
        // Quoted parts may hold spaces and dots; a catalog prefix works too.
        var same = DuckDbDriftDetector.Compare(conn, "\"my schema\".\"t.2025\"", "memory.sales.orders");
        Assert.False(same["v"].Drifted);
        Assert.Equal(200, same.ReferenceRows);

        var missing = Assert.Throws<KitDataException>(() => DuckDbDriftDetector.Compare(conn, "sales.nope", "orders"));
        Assert.Contains("sales.nope", missing.Message);
        var malformed = Assert.Throws<KitDataException>(() => DuckDbDriftDetector.Compare(conn, "sales.", "orders"));
        Assert.Contains("empty name part", malformed.Message);
    }

    [Theory]
    [InlineData("orders", "\"orders\"")]
    [InlineData("sales.orders", "\"sales\".\"orders\"")]
    [InlineData("db.main.r", "\"db\".\"main\".\"r\"")]
    [InlineData("\"my schema\".\"t.2025\"", "\"my schema\".\"t.2025\"")]
    [InlineData("\"a\"\"b\".c", "\"a\"\"b\".\"c\"")]
    [InlineData("ref \"v1\"", "\"ref \"\"v1\"\"\"")]
    public void QualifiedNamesAreQuotedPartByPart(string name, string quoted) => Assert.Equal(quoted, SqlIdentifier.QuoteQualified(name));

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("\"open")]
    [InlineData("\"a\"b")]
    [InlineData("a.b.c.d")]
    public void MalformedQualifiedNamesAreRefused(string name) => Assert.Throws<ArgumentException>(() => SqlIdentifier.QuoteQualified(name));

    [Fact]
    public void AllNullColumnIsEmptyOrComparedOnItsMissingShare()
    {
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE a AS SELECT CAST(NULL AS DOUBLE) AS x, range AS y FROM range(50); CREATE TABLE b AS SELECT range * 1.0 AS x, range AS y FROM range(40); "
                              + "CREATE TABLE n AS SELECT CAST(NULL AS DOUBLE) AS x, range AS y FROM range(40)";
            cmd.ExecuteNonQuery();
        }
        // All null on both sides: nothing to compare, inconclusive.
        var both = DuckDbDriftDetector.Compare(conn, "a", "n");
        Assert.Equal(DriftStatus.Empty, both["x"].Status);
        Assert.Equal(DriftVerdict.Inconclusive, both.Verdict);
        // 100 % null → 0 % null: decided on the missing share alone, as DriftDetector.Compare does.
        var report = DuckDbDriftDetector.Compare(conn, "a", "b");
        Assert.Equal(DriftMethod.MissingRate, report["x"].Method);
        Assert.True(report["x"].Drifted);
        Assert.Equal(DriftStatus.Ok, report["y"].Status);
    }
}
