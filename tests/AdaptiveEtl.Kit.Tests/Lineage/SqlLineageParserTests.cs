using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Sql;

using static AdaptiveEtl.Kit.Tests.Lineage.LineageAssert;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// One small statement per construct; every expected set below was worked out by hand from lineage-bench's definitions
/// (value = columns flowing into the output; indirect = WHERE/JOIN/GROUP BY/HAVING/QUALIFY/… columns of every scope).
/// </summary>
public sealed class SqlLineageParserTests : IDisposable
{
    internal static LineageCatalog Catalog() => new LineageCatalog()
        .Add("staging.orders", new[] { "order_id", "customer_id", "amount", "status", "order_date" })
        .Add("dim.customers", new[] { "customer_id", "name", "country", "segment" })
        .Add("mart.daily_sales", new[] { "day", "revenue", "n_orders" })
        .Add("mart.customer_totals", new[] { "customer_id", "total" })
        .Add("employees", new[] { "id", "manager_id", "name" });

    private readonly SqlLineageParser _parser = new(Catalog());

    public void Dispose() => _parser.Dispose();

    [Fact]
    public void Select_resolves_aliases_and_unqualified_names_and_filters_are_indirect()
    {
        var s = _parser.Parse("SELECT o.order_id, amount * 2 AS doubled FROM staging.orders o WHERE status = 'paid'");
        Assert.Equal(StatementKind.Select, s.Kind);
        Assert.Null(s.Target);
        Assert.Equal(new[] { "staging.orders" }, s.Reads);
        var id = Col(s, "order_id");
        Same(new[] { "staging.orders.order_id" }, id.Value);
        Assert.Equal(DependencyKind.DirectCopy, id.Kind);
        Same(new[] { "staging.orders.status" }, id.Indirect.Keys);
        Assert.Equal(DependencyKind.Filter, id.Indirect[ColumnRef.Parse("staging.orders.status")]);
        var d = Col(s, "doubled");
        Same(new[] { "staging.orders.amount" }, d.Value);
        Assert.Equal(DependencyKind.Transformation, d.Kind);
    }

    [Fact]
    public void Insert_select_maps_target_columns_by_position_with_group_keys()
    {
        var s = _parser.Parse("INSERT INTO mart.daily_sales (day, revenue, n_orders) SELECT order_date, sum(amount), count(*) FROM staging.orders WHERE status = 'paid' GROUP BY order_date;");
        Assert.Equal(StatementKind.Insert, s.Kind);
        Assert.Equal("mart.daily_sales", s.Target);
        Assert.Equal(new[] { "day", "revenue", "n_orders" }, s.Columns.Select(c => c.Name));
        Same(new[] { "staging.orders.order_date" }, Col(s, "day").Value);
        Assert.Equal(DependencyKind.DirectCopy, Col(s, "day").Kind);
        Same(new[] { "staging.orders.amount" }, Col(s, "revenue").Value);
        Assert.Equal(DependencyKind.Aggregation, Col(s, "revenue").Kind);
        Assert.Empty(Col(s, "n_orders").Value);
        Same(new[] { "staging.orders.order_date", "staging.orders.status" }, Col(s, "n_orders").Indirect.Keys);
        Assert.Equal(DependencyKind.GroupKey, Col(s, "n_orders").Indirect[ColumnRef.Parse("staging.orders.order_date")]);
        Assert.Contains(s.Edges, e => e.Source.ToString() == "staging.orders.amount" && e.Target.ToString() == "mart.daily_sales.revenue" && e.Kind == DependencyKind.Aggregation);
    }

    [Fact]
    public void Insert_without_column_list_takes_target_columns_from_catalog()
    {
        var s = _parser.Parse("INSERT INTO mart.customer_totals SELECT customer_id, amount FROM staging.orders");
        Assert.Equal(new[] { "customer_id", "total" }, s.Columns.Select(c => c.Name));
        Assert.Equal("amount", s.Columns[1].QueryColumn);
        Same(new[] { "staging.orders.amount" }, Col(s, "total").Value);
    }

    [Fact]
    public void Postgres_insert_with_join_on_conflict_and_returning()
    {
        var s = _parser.Parse(@"INSERT INTO mart.customer_totals AS t (customer_id, total)
            SELECT c.customer_id, o.amount::numeric FROM staging.orders o JOIN dim.customers c ON c.customer_id = o.customer_id WHERE c.segment ILIKE 'smb%'
            ON CONFLICT (customer_id) DO UPDATE SET total = t.total + excluded.total
            RETURNING t.customer_id");
        Assert.Equal("mart.customer_totals", s.Target);
        Same(new[] { "staging.orders.amount" }, Col(s, "total").Value);
        Same(new[] { "dim.customers.customer_id", "dim.customers.segment", "staging.orders.customer_id" }, Col(s, "total").Indirect.Keys);
        Assert.Equal(DependencyKind.Filter, Col(s, "total").Indirect[ColumnRef.Parse("dim.customers.segment")]);
    }

    [Fact]
    public void Create_table_as_with_join_marks_join_keys_and_group_keys()
    {
        var s = _parser.Parse("CREATE TABLE mart.customer_totals AS SELECT c.name, sum(o.amount) AS total FROM staging.orders o JOIN dim.customers c ON o.customer_id = c.customer_id GROUP BY c.name");
        Assert.Equal(StatementKind.CreateTableAs, s.Kind);
        Assert.Equal(new[] { "dim.customers", "staging.orders" }, s.Reads);
        var total = Col(s, "total");
        Same(new[] { "staging.orders.amount" }, total.Value);
        Same(new[] { "dim.customers.customer_id", "dim.customers.name", "staging.orders.customer_id" }, total.Indirect.Keys);
        Assert.Equal(DependencyKind.JoinKey, total.Indirect[ColumnRef.Parse("staging.orders.customer_id")]);
        Assert.Equal(DependencyKind.GroupKey, total.Indirect[ColumnRef.Parse("dim.customers.name")]);
    }

    [Fact]
    public void Create_view_with_cte_expands_star_from_the_catalog()
    {
        var s = _parser.Parse("CREATE OR REPLACE VIEW mart.paid_orders AS WITH p AS (SELECT * FROM staging.orders WHERE status = 'paid') SELECT p.* FROM p");
        Assert.Equal(StatementKind.CreateView, s.Kind);
        Assert.Equal("mart.paid_orders", s.Target);
        Assert.Equal(new[] { "order_id", "customer_id", "amount", "status", "order_date" }, s.Columns.Select(c => c.Name));
        foreach (var c in s.Columns)
        {
            Same(new[] { "staging.orders." + c.Name }, c.Value);
            Assert.Equal(DependencyKind.DirectCopy, c.Kind);
            Same(new[] { "staging.orders.status" }, c.Indirect.Keys);
        }
        Assert.Equal(new[] { "staging.orders" }, s.Reads);
    }

    [Fact]
    public void Recursive_cte_follows_the_recursive_branch()
    {
        var s = _parser.Parse(@"WITH RECURSIVE chain(id, boss, depth) AS (
              SELECT id, manager_id, 0 FROM employees WHERE manager_id IS NULL
              UNION ALL
              SELECT e.id, e.manager_id, c.depth + 1 FROM employees e JOIN chain c ON e.manager_id = c.id)
            SELECT id, depth FROM chain");
        Same(new[] { "employees.id" }, Col(s, "id").Value);
        Assert.Empty(Col(s, "depth").Value);
        // Anchor filter (manager_id IS NULL) and recursive join key (e.manager_id = c.id → employees.id) decide the rows.
        Same(new[] { "employees.id", "employees.manager_id" }, Col(s, "depth").Indirect.Keys);
        Assert.Equal(new[] { "employees" }, s.Reads);
    }

    [Fact]
    public void Derived_tables_nested_subqueries_and_scalar_subqueries()
    {
        var s = _parser.Parse(@"SELECT t.customer_id, t.spent, (SELECT max(amount) FROM staging.orders) AS biggest
            FROM (SELECT customer_id, sum(amount) AS spent FROM (SELECT * FROM staging.orders WHERE status <> 'void') x GROUP BY customer_id) t
            WHERE t.customer_id IN (SELECT customer_id FROM dim.customers WHERE country = 'DE')");
        Same(new[] { "staging.orders.amount" }, Col(s, "spent").Value);
        Assert.Equal(DependencyKind.Aggregation, Col(s, "spent").Kind);
        Same(new[] { "dim.customers.country", "dim.customers.customer_id", "staging.orders.customer_id", "staging.orders.status" }, Col(s, "spent").Indirect.Keys);
        Same(new[] { "staging.orders.amount" }, Col(s, "biggest").Value);
        Assert.Equal(DependencyKind.Aggregation, Col(s, "biggest").Kind);
    }

    [Fact]
    public void Union_takes_every_branch_and_except_only_the_left_with_the_right_indirect()
    {
        var u = _parser.Parse("SELECT customer_id AS id FROM staging.orders UNION SELECT customer_id FROM dim.customers");
        Same(new[] { "dim.customers.customer_id", "staging.orders.customer_id" }, Col(u, "id").Value);
        Assert.Empty(Col(u, "id").Indirect);
        var e = _parser.Parse("SELECT customer_id FROM staging.orders EXCEPT SELECT customer_id FROM dim.customers WHERE segment = 'smb'");
        Same(new[] { "staging.orders.customer_id" }, Col(e, "customer_id").Value);
        Same(new[] { "dim.customers.customer_id", "dim.customers.segment", "staging.orders.customer_id" }, Col(e, "customer_id").Indirect.Keys);
        Assert.Equal(DependencyKind.SetOperation, Col(e, "customer_id").Indirect[ColumnRef.Parse("dim.customers.customer_id")]);
    }

    [Fact]
    public void Window_partition_and_order_are_value_sources()
    {
        var s = _parser.Parse("SELECT order_id, row_number() OVER (PARTITION BY customer_id ORDER BY order_date) AS rn, sum(amount) OVER w AS running FROM staging.orders WINDOW w AS (PARTITION BY status)");
        Same(new[] { "staging.orders.customer_id", "staging.orders.order_date" }, Col(s, "rn").Value);
        Assert.Equal(DependencyKind.Window, Col(s, "rn").Kind);
        Same(new[] { "staging.orders.amount", "staging.orders.status" }, Col(s, "running").Value);
    }

    [Fact]
    public void Case_cast_and_functions_are_transformations_including_when_conditions()
    {
        var s = _parser.Parse("SELECT CASE WHEN amount > 100 THEN 'big' ELSE status END AS size, order_date::varchar AS d, coalesce(upper(status), 'n/a') AS st FROM staging.orders");
        Same(new[] { "staging.orders.amount", "staging.orders.status" }, Col(s, "size").Value);
        Assert.Equal(DependencyKind.Transformation, Col(s, "size").Kind);
        Same(new[] { "staging.orders.order_date" }, Col(s, "d").Value);
        Assert.Equal(DependencyKind.Transformation, Col(s, "d").Kind);
        Same(new[] { "staging.orders.status" }, Col(s, "st").Value);
    }

    [Fact]
    public void Order_by_counts_only_under_a_limit()
    {
        var limited = _parser.Parse("SELECT order_id FROM staging.orders ORDER BY amount DESC LIMIT 10");
        Same(new[] { "staging.orders.amount" }, Col(limited, "order_id").Indirect.Keys);
        Assert.Equal(DependencyKind.Sort, Col(limited, "order_id").Indirect[ColumnRef.Parse("staging.orders.amount")]);
        var unlimited = _parser.Parse("SELECT order_id FROM staging.orders ORDER BY amount DESC");
        Assert.Empty(Col(unlimited, "order_id").Indirect);
    }

    [Fact]
    public void Correlated_exists_contributes_its_filter_but_not_its_projection()
    {
        var s = _parser.Parse("SELECT c.name FROM dim.customers c WHERE EXISTS (SELECT 1 FROM staging.orders o WHERE o.customer_id = c.customer_id AND o.amount > 10)");
        Same(new[] { "dim.customers.name" }, Col(s, "name").Value);
        Same(new[] { "dim.customers.customer_id", "staging.orders.amount", "staging.orders.customer_id" }, Col(s, "name").Indirect.Keys);
    }

    [Fact]
    public void Duckdb_group_by_all_and_star_exclude()
    {
        var s = _parser.Parse("SELECT customer_id, upper(status) AS st, sum(amount) AS total FROM staging.orders GROUP BY ALL");
        // GROUP BY ALL groups by the non-aggregated items: customer_id and status.
        Same(new[] { "staging.orders.customer_id", "staging.orders.status" }, Col(s, "total").Indirect.Keys);
        Assert.Equal(DependencyKind.GroupKey, Col(s, "total").Indirect[ColumnRef.Parse("staging.orders.status")]);
        var x = _parser.Parse("SELECT * EXCLUDE (status, order_date) FROM staging.orders");
        Assert.Equal(new[] { "order_id", "customer_id", "amount" }, x.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Lateral_subqueries_see_earlier_from_items_and_json_arrows_are_not_lambdas()
    {
        var s = _parser.Parse("SELECT c.name, last.amount FROM dim.customers c, LATERAL (SELECT o.amount FROM staging.orders o WHERE o.customer_id = c.customer_id ORDER BY o.order_date DESC LIMIT 1) last");
        Same(new[] { "staging.orders.amount" }, Col(s, "amount").Value);
        // The correlation and the ORDER BY under LIMIT decide which order row is picked.
        Same(new[] { "dim.customers.customer_id", "staging.orders.customer_id", "staging.orders.order_date" }, Col(s, "name").Indirect.Keys);
        Assert.Empty(s.Warnings);
        var j = _parser.Parse("SELECT status::json->'code' AS code, list_transform([1, 2], x -> x + amount) AS shifted FROM staging.orders");
        Same(new[] { "staging.orders.status" }, Col(j, "code").Value);
        Same(new[] { "staging.orders.amount" }, Col(j, "shifted").Value);
    }

    [Fact]
    public void Having_and_qualify_are_filters()
    {
        var s = _parser.Parse("SELECT customer_id, order_id FROM staging.orders QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY order_date DESC) = 1");
        Same(new[] { "staging.orders.customer_id", "staging.orders.order_date" }, Col(s, "order_id").Indirect.Keys);
        var h = _parser.Parse("SELECT customer_id, count(*) AS n FROM staging.orders GROUP BY customer_id HAVING sum(amount) > 100");
        Same(new[] { "staging.orders.amount", "staging.orders.customer_id" }, Col(h, "n").Indirect.Keys);
        Assert.Equal(DependencyKind.Filter, Col(h, "n").Indirect[ColumnRef.Parse("staging.orders.amount")]);
    }

    [Fact]
    public void Merge_unions_when_clauses_and_marks_the_on_condition_as_join_key()
    {
        var s = _parser.Parse(@"MERGE INTO mart.customer_totals AS t
            USING (SELECT customer_id, sum(amount) AS total FROM staging.orders GROUP BY customer_id) AS s
            ON t.customer_id = s.customer_id
            WHEN MATCHED AND s.total > 0 THEN UPDATE SET total = t.total + s.total
            WHEN MATCHED THEN DELETE
            WHEN NOT MATCHED THEN INSERT (customer_id, total) VALUES (s.customer_id, s.total)");
        Assert.Equal(StatementKind.Merge, s.Kind);
        Assert.Equal("mart.customer_totals", s.Target);
        Assert.Equal(new[] { "mart.customer_totals", "staging.orders" }, s.Reads);
        Same(new[] { "mart.customer_totals.total", "staging.orders.amount" }, Col(s, "total").Value);
        Assert.Equal(DependencyKind.Aggregation, Col(s, "total").Kind);
        Same(new[] { "staging.orders.customer_id" }, Col(s, "customer_id").Value);
        Assert.Equal(DependencyKind.JoinKey, Col(s, "customer_id").Indirect[ColumnRef.Parse("mart.customer_totals.customer_id")]);
        Assert.Contains(ColumnRef.Parse("mart.customer_totals.customer_id"), s.RowFilter.Keys);
    }

    [Fact]
    public void Merge_insert_star_maps_source_columns_by_name()
    {
        var s = _parser.Parse(@"MERGE INTO mart.customer_totals t
            USING (SELECT sum(amount) AS total, customer_id FROM staging.orders GROUP BY customer_id) s ON t.customer_id = s.customer_id
            WHEN NOT MATCHED THEN INSERT *");
        // By name, not by position: total ← sum(amount) although it is the source's first column.
        Same(new[] { "staging.orders.amount" }, Col(s, "total").Value);
        Same(new[] { "staging.orders.customer_id" }, Col(s, "customer_id").Value);
    }

    [Fact]
    public void Update_from_assigns_expressions_and_where_is_row_filter()
    {
        var s = _parser.Parse("UPDATE mart.customer_totals t SET total = o.amount * 1.1 FROM staging.orders o WHERE o.customer_id = t.customer_id AND o.status = 'paid'");
        Assert.Equal(StatementKind.Update, s.Kind);
        var total = Assert.Single(s.Columns);
        Assert.Equal("total", total.Name);
        Same(new[] { "staging.orders.amount" }, total.Value);
        Same(new[] { "mart.customer_totals.customer_id", "staging.orders.customer_id", "staging.orders.status" }, total.Indirect.Keys);
        Same(new[] { "mart.customer_totals.customer_id", "staging.orders.customer_id", "staging.orders.status" }, s.RowFilter.Keys);
    }

    [Fact]
    public void Delete_using_has_no_output_columns_but_a_row_filter()
    {
        var s = _parser.Parse("DELETE FROM staging.orders o USING dim.customers c WHERE o.customer_id = c.customer_id AND c.country = 'FR'");
        Assert.Equal(StatementKind.Delete, s.Kind);
        Assert.Equal("staging.orders", s.Target);
        Assert.Empty(s.Columns);
        Same(new[] { "dim.customers.country", "dim.customers.customer_id", "staging.orders.customer_id" }, s.RowFilter.Keys);
        Assert.Equal(new[] { "dim.customers", "staging.orders" }, s.Reads);
    }

    [Fact]
    public void Using_join_column_comes_from_both_sides()
    {
        var s = _parser.Parse("SELECT customer_id, name FROM staging.orders JOIN dim.customers USING (customer_id)");
        Same(new[] { "dim.customers.customer_id", "staging.orders.customer_id" }, Col(s, "customer_id").Value);
        Same(new[] { "dim.customers.customer_id", "staging.orders.customer_id" }, Col(s, "name").Indirect.Keys);
    }

    [Fact]
    public void Unparseable_statements_are_reported_and_the_rest_still_parses()
    {
        var report = _parser.ParseAll(new[]
        {
            "SELECT amount FROM staging.orders",
            "SELEC amount FROM staging.orders",
            "SELECT amount FROM staging.orders WHERE (",
            "VACUUM staging.orders",
            "INSERT INTO mart.daily_sales (day) SELECT order_date FROM staging.orders",
        });
        Assert.Equal(new[] { 0, 4 }, report.Statements.Select(s => s.Index));
        Assert.Equal(new[] { 1, 2, 3 }, report.Failures.Select(f => f.Index));
        Assert.Contains("syntax error", report.Failures[0].Reason);
        Assert.Equal(0, report.Failures[0].Position);
        Assert.NotNull(report.Failures[1].Position);
        Assert.Contains("VACUUM", report.Failures[2].Reason);
        Assert.Contains("skipped", report.ToHtml());
        var ex = Assert.Throws<KitDataException>(() => _parser.Parse("SELEC 1", 7));
        Assert.Contains("statement 7", ex.Message);
    }

    [Fact]
    public void Unknown_tables_are_open_and_warned_about()
    {
        var s = _parser.Parse("SELECT x.a, b FROM raw.events x WHERE c > 1");
        Same(new[] { "raw.events.a" }, Col(s, "a").Value);
        Same(new[] { "raw.events.b" }, Col(s, "b").Value);
        Same(new[] { "raw.events.c" }, Col(s, "b").Indirect.Keys);
        Assert.Contains(s.Warnings, w => w.Contains("raw.events"));
    }

    [Fact]
    public void Script_splitting_respects_strings_comments_and_dollar_quotes()
    {
        var report = _parser.ParseScript("SELECT ';' AS a FROM staging.orders; -- x; y\nSELECT $$;$$ AS b /* ; */ FROM staging.orders;");
        Assert.Equal(2, report.Statements.Count);
        Assert.Empty(report.Failures);
    }
}
