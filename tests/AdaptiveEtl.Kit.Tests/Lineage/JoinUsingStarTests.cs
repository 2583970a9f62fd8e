using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Tests.Infrastructure;

using static AdaptiveEtl.Kit.Tests.Lineage.LineageAssert;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// <c>SELECT *</c> over <c>JOIN … USING</c> / <c>NATURAL JOIN</c> lists each join column once, first, fed by both sides,
/// then the other columns of the left side, then of the right side. The expected column order is PostgreSQL's own:
/// each statement runs on a real server and the result's column names are compared with the lineage's.
/// </summary>
[Collection(LineagePostgresCollection.Name)]
public sealed class JoinUsingStarTests(PostgresServer server) : IDisposable
{
    private const string Ddl =
        "CREATE SCHEMA sales; " +
        "CREATE TABLE sales.orders (order_id int, customer_id int, amount numeric); " +
        "CREATE TABLE sales.customers (customer_id int, name text, region text); " +
        "CREATE TABLE sales.regions (region text, manager text); " +
        "CREATE TABLE sales.payments (payment_id int, customer_id int, paid numeric);";

    private readonly SqlLineageParser _parser = new(new LineageCatalog()
        .Add("sales.orders", ["order_id", "customer_id", "amount"])
        .Add("sales.customers", ["customer_id", "name", "region"])
        .Add("sales.regions", ["region", "manager"])
        .Add("sales.payments", ["payment_id", "customer_id", "paid"]));

    public void Dispose() => _parser.Dispose();

    private const string Using = "SELECT * FROM sales.orders o JOIN sales.customers c USING (customer_id)";
    private const string NestedUsing = "SELECT * FROM sales.orders JOIN sales.customers USING (customer_id) JOIN sales.regions USING (region)";
    private const string Natural = "SELECT * FROM sales.customers NATURAL JOIN sales.regions";
    private const string LeftUsingFiltered = "SELECT * FROM sales.orders o LEFT JOIN sales.customers c USING (customer_id) WHERE customer_id > 0";
    private const string Qualified = "SELECT c.*, o.amount FROM sales.orders o JOIN sales.customers c USING (customer_id)";

    private const string SameKeyThrice = "SELECT * FROM sales.orders o JOIN sales.customers c USING (customer_id) JOIN sales.payments p USING (customer_id)";

    public static TheoryData<string> Statements => new() { Using, NestedUsing, Natural, LeftUsingFiltered, Qualified, SameKeyThrice };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task Star_columns_are_the_ones_postgresql_returns_in_its_order(string sql)
    {
        await using var conn = await PostgresStatements.DatabaseAsync(server, "lineage_using", Ddl);
        var postgres = await PostgresStatements.ColumnNamesAsync(conn, sql);
        Assert.Equal(postgres, _parser.Parse(sql).Columns.Select(c => c.Name));
    }

    [Fact]
    public void The_using_column_is_listed_once_first_and_fed_by_both_tables()
    {
        var s = _parser.Parse(Using);
        Assert.Equal(["customer_id", "order_id", "amount", "name", "region"], s.Columns.Select(c => c.Name));
        var k = Col(s, "customer_id");
        Same(["sales.customers.customer_id", "sales.orders.customer_id"], k.Value);
        Assert.Equal(DependencyKind.DirectCopy, k.Kind);
        Same(["sales.customers.customer_id", "sales.orders.customer_id"], k.Indirect.Keys);
        Assert.All(k.Indirect.Values, v => Assert.Equal(DependencyKind.JoinKey, v));
        Same(["sales.orders.amount"], Col(s, "amount").Value);
        Same(["sales.customers.region"], Col(s, "region").Value);
    }

    [Fact]
    public void Nested_using_joins_put_the_outer_join_column_first_and_merge_all_sides()
    {
        var s = _parser.Parse(NestedUsing);
        Assert.Equal(["region", "customer_id", "order_id", "amount", "name", "manager"], s.Columns.Select(c => c.Name));
        Same(["sales.customers.region", "sales.regions.region"], Col(s, "region").Value);
        Same(["sales.customers.customer_id", "sales.orders.customer_id"], Col(s, "customer_id").Value);
        Same(["sales.customers.customer_id", "sales.customers.region", "sales.orders.customer_id", "sales.regions.region"], Col(s, "manager").Indirect.Keys);
    }

    [Fact]
    public void A_key_joined_three_times_is_one_column_fed_by_all_three_tables()
    {
        var s = _parser.Parse(SameKeyThrice);
        Assert.Equal(["customer_id", "order_id", "amount", "name", "region", "payment_id", "paid"], s.Columns.Select(c => c.Name));
        Same(["sales.customers.customer_id", "sales.orders.customer_id", "sales.payments.customer_id"], Col(s, "customer_id").Value);
        Same(["sales.customers.customer_id", "sales.orders.customer_id", "sales.payments.customer_id"], Col(s, "paid").Indirect.Keys);
    }

    [Fact]
    public void Natural_join_uses_the_common_columns()
    {
        var s = _parser.Parse(Natural);
        Assert.Equal(["region", "customer_id", "name", "manager"], s.Columns.Select(c => c.Name));
        Same(["sales.customers.region", "sales.regions.region"], Col(s, "region").Value);
    }

    [Fact]
    public void An_unqualified_join_column_in_where_is_both_sides()
    {
        var s = _parser.Parse(LeftUsingFiltered);
        Assert.Equal(DependencyKind.JoinKey, Col(s, "amount").Indirect[ColumnRef.Parse("sales.customers.customer_id")]);
        Same(["sales.customers.customer_id", "sales.orders.customer_id"], Col(s, "amount").Indirect.Keys);
    }

    [Fact]
    public void A_qualified_star_lists_its_own_table_only()
    {
        var s = _parser.Parse(Qualified);
        Assert.Equal(["customer_id", "name", "region", "amount"], s.Columns.Select(c => c.Name));
        Same(["sales.customers.customer_id"], Col(s, "customer_id").Value);
        var own = _parser.Parse("SELECT o.customer_id FROM sales.orders o JOIN sales.customers c USING (customer_id)");
        Same(["sales.orders.customer_id"], Col(own, "customer_id").Value);
    }
}
