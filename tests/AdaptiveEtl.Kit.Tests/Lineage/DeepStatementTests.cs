using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Capture;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.Sql;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// Ordinary but deep statements (long sums, nested subqueries) parse; a statement too deep for anyone costs only itself.
/// Issue 19: DuckDB's JSON parse tree of a 30-term sum is deeper than the JSON reader's default limit of 64.
/// </summary>
public sealed class DeepStatementTests : IDisposable
{
    private static readonly LineageCatalog Catalog = new LineageCatalog()
        .Add("wide.t", Enumerable.Range(1, 200).Select(i => $"c{i}").ToArray())
        .Add("staging.orders", new[] { "order_id", "customer_id", "amount", "status", "order_date" })
        .Add("mart.daily_sales", new[] { "day", "revenue", "n_orders" });

    private readonly SqlLineageParser _parser = new(Catalog);

    public void Dispose() => _parser.Dispose();

    private static string Sum(int terms) => string.Join(" + ", Enumerable.Range(1, terms).Select(i => $"c{i}"));

    private static string Nested(int levels)
    {
        var sql = "SELECT amount FROM staging.orders WHERE status = 'paid'";
        for (int i = 0; i < levels; i++) sql = $"SELECT amount FROM ({sql}) AS q{i}";
        return sql;
    }

    private static string Calls(int depth) => string.Concat(Enumerable.Repeat("abs(", depth)) + "c1" + new string(')', depth);

    /// <summary>3,000 nested calls: beyond DuckDB's max_expression_depth (1000); it must come back as this statement's failure.</summary>
    private static readonly string Hopeless = Calls(3000);

    [Theory]
    [InlineData(30)]
    [InlineData(40)]
    [InlineData(200)]
    public void A_long_sum_has_every_term_in_its_lineage(int terms)
    {
        var s = _parser.Parse($"SELECT {Sum(terms)} AS total FROM wide.t");
        var total = Assert.Single(s.Columns);
        // By construction the sum reads c1..c{terms} of wide.t and nothing else.
        Assert.Equal(Enumerable.Range(1, terms).Select(i => $"wide.t.c{i}").Order(StringComparer.Ordinal),
            total.Value.Select(c => c.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(DependencyKind.Transformation, total.Kind);
    }

    [Fact]
    public void Calls_nested_as_deep_as_DuckDB_accepts_are_analysed()
    {
        // DuckDB accepts up to max_expression_depth = 1000 levels; 990 calls plus the select list stay below it.
        var s = _parser.Parse($"SELECT {Calls(990)} AS v FROM wide.t");
        var v = Assert.Single(s.Columns);
        Assert.Equal(new[] { "wide.t.c1" }, v.Value.Select(c => c.ToString()));
    }

    [Fact]
    public void Twenty_nested_subqueries_trace_back_to_the_base_table()
    {
        var s = _parser.Parse("INSERT INTO mart.daily_sales (revenue) " + Nested(20));
        var revenue = Assert.Single(s.Columns);
        Assert.Equal("revenue", revenue.Name);
        Assert.Equal(new[] { "staging.orders.amount" }, revenue.Value.Select(c => c.ToString()));
        Assert.Equal(new[] { "staging.orders.status" }, revenue.Indirect.Keys.Select(c => c.ToString()));
        Assert.Equal(new[] { "staging.orders" }, s.Reads);
    }

    [Fact]
    public void A_statement_too_deep_to_analyse_is_one_failure_and_the_capture_goes_on()
    {
        var at = new DateTimeOffset(2025, 11, 3, 6, 0, 0, TimeSpan.Zero);
        QueryLogEntry E(string sql) => new(null, at, "etl", "airflow", null, null, 1, sql);
        var hopeless = $"SELECT {Hopeless} FROM wide.t";
        var log = new[]
        {
            E("SELECT amount FROM staging.orders"),
            E($"SELECT {Sum(60)} AS total FROM wide.t"),
            E(hopeless),
            E(Nested(20)),
            E("SELECT order_id FROM staging.orders"),
        };
        var graph = new LineageGraph();
        var report = QueryLogCapture.Capture(log, _parser, graph);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(2, failure.Index);
        Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        Assert.Equal(new[] { 0, 1, 3, 4 }, report.Statements.Select(s => s.Index));
    }

    [Fact]
    public void Parse_script_with_a_deep_statement_reports_it_instead_of_throwing()
    {
        var script = $"SELECT amount FROM staging.orders; SELECT {Sum(45)} FROM wide.t; SELECT {Hopeless} FROM wide.t;";
        var report = _parser.ParseScript(script);
        Assert.Equal(3, report.Total);
        Assert.Equal(new[] { 0, 1 }, report.Statements.Select(s => s.Index));
        Assert.Equal(2, Assert.Single(report.Failures).Index);
    }
}
