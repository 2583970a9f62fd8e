using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Tests.Infrastructure;

using static AdaptiveEtl.Kit.Tests.Lineage.LineageAssert;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// Set-returning functions in FROM/LATERAL: the columns they produce are fed by the columns in their arguments, and
/// every statement is proved valid PostgreSQL by EXPLAIN on a real server.
/// </summary>
[Collection(LineagePostgresCollection.Name)]
public sealed class TableFunctionLineageTests(PostgresServer server) : IDisposable
{
    /// <summary>The tables of these tests, in the catalog and as PostgreSQL DDL (same names, same column order).</summary>
    internal const string Ddl =
        "CREATE SCHEMA app; CREATE SCHEMA mart; " +
        "CREATE TABLE app.events (id int, properties jsonb, payload jsonb, user_id int, ts timestamptz); " +
        "CREATE TABLE app.orders (id int, tags text[], amount numeric, status text, user_id int); " +
        "CREATE TABLE app.users (id int, name text); " +
        "CREATE TABLE mart.order_tags (order_id int, tag text, pos bigint);";

    private readonly SqlLineageParser _parser = new(new LineageCatalog()
        .Add("app.events", ["id", "properties", "payload", "user_id", "ts"])
        .Add("app.orders", ["id", "tags", "amount", "status", "user_id"])
        .Add("app.users", ["id", "name"])
        .Add("mart.order_tags", ["order_id", "tag", "pos"]));

    public void Dispose() => _parser.Dispose();

    private const string ArrayElements =
        "SELECT e.id, item.value AS item FROM app.events e, LATERAL jsonb_array_elements(e.properties -> 'items') AS item WHERE e.ts > '2025-01-01'";
    private const string UnnestJoin =
        "SELECT o.id, t.tag FROM app.orders o CROSS JOIN LATERAL unnest(o.tags) AS t(tag) JOIN app.users u ON u.id = o.user_id WHERE t.tag <> 'internal'";
    private const string ToRecordset =
        "SELECT x.a, x.b AS label FROM app.events e, jsonb_to_recordset(e.payload) AS x(a int, b text)";
    private const string UnaliasedColumn =
        "SELECT tag FROM app.events e, jsonb_array_elements_text(e.properties -> 'tags') AS tag";
    private const string InsertWithOrdinality =
        "INSERT INTO mart.order_tags (order_id, tag, pos) SELECT o.id, upper(t.tag), t.n FROM app.orders o, unnest(o.tags) WITH ORDINALITY AS t(tag, n) WHERE o.status = 'paid'";
    private const string StarOverFunction =
        "SELECT * FROM app.orders o, unnest(o.tags) AS t(tag)";

    private const string JoinLateralGrouped =
        "SELECT t.tag, count(*) AS n FROM app.orders o JOIN LATERAL unnest(o.tags) AS t(tag) ON true GROUP BY t.tag";
    private const string StarOverUnknownFunction =
        "SELECT * FROM app.events e, jsonb_populate_recordset(NULL::app.users, e.payload) AS x";

    public static TheoryData<string> Statements => new()
    {
        ArrayElements, UnnestJoin, ToRecordset, UnaliasedColumn, InsertWithOrdinality, StarOverFunction, JoinLateralGrouped, StarOverUnknownFunction,
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task Every_statement_is_valid_postgresql(string sql)
    {
        await using var conn = await PostgresStatements.DatabaseAsync(server, "lineage_fn", Ddl);
        await PostgresStatements.ExplainAsync(conn, sql);
    }

    [Fact]
    public void Jsonb_array_elements_feeds_its_value_column_from_the_argument()
    {
        var s = _parser.Parse(ArrayElements);
        Assert.Equal(LineageLevel.Column, s.Level);
        Same(["app.events.properties"], Col(s, "item").Value);
        Assert.Equal(DependencyKind.Transformation, Col(s, "item").Kind);
        Same(["app.events.ts"], Col(s, "item").Indirect.Keys);
        Same(["app.events.id"], Col(s, "id").Value);
        Assert.Equal(["app.events"], s.Reads);
    }

    [Fact]
    public void Unnest_column_alias_carries_the_array_and_filters_on_it_are_indirect()
    {
        var s = _parser.Parse(UnnestJoin);
        Same(["app.orders.tags"], Col(s, "tag").Value);
        Same(["app.orders.id"], Col(s, "id").Value);
        // WHERE t.tag filters on the unnested array; the JOIN keys are join keys as usual.
        Same(["app.orders.tags", "app.orders.user_id", "app.users.id"], Col(s, "tag").Indirect.Keys);
        Assert.Equal(DependencyKind.Filter, Col(s, "tag").Indirect[ColumnRef.Parse("app.orders.tags")]);
        Assert.Equal(DependencyKind.JoinKey, Col(s, "tag").Indirect[ColumnRef.Parse("app.users.id")]);
        Assert.Equal(["app.orders", "app.users"], s.Reads);
    }

    [Fact]
    public void Jsonb_to_recordset_columns_of_the_definition_list_come_from_the_argument()
    {
        var s = _parser.Parse(ToRecordset);
        Assert.Equal(["a", "label"], s.Columns.Select(c => c.Name));
        Same(["app.events.payload"], Col(s, "a").Value);
        Same(["app.events.payload"], Col(s, "label").Value);
        Assert.Empty(Col(s, "a").Indirect);
    }

    [Fact]
    public void A_single_column_function_is_read_by_its_alias_unqualified()
    {
        var s = _parser.Parse(UnaliasedColumn);
        Same(["app.events.properties"], Col(s, "tag").Value);
        Assert.DoesNotContain(s.Warnings, w => w.Contains("could not be resolved"));
    }

    [Fact]
    public void Insert_maps_function_columns_and_the_ordinality_counter_has_no_source()
    {
        var s = _parser.Parse(InsertWithOrdinality);
        Assert.Equal("mart.order_tags", s.Target);
        Same(["app.orders.id"], Col(s, "order_id").Value);
        Same(["app.orders.tags"], Col(s, "tag").Value);
        Assert.Empty(Col(s, "pos").Value);
        Same(["app.orders.status"], Col(s, "pos").Indirect.Keys);
    }

    [Fact]
    public void Star_expands_the_alias_list_of_a_function()
    {
        var s = _parser.Parse(StarOverFunction);
        Assert.Equal(["id", "tags", "amount", "status", "user_id", "tag"], s.Columns.Select(c => c.Name));
        Same(["app.orders.tags"], Col(s, "tag").Value);
    }

    [Fact]
    public void Grouping_by_a_join_lateral_column_makes_its_argument_a_group_key()
    {
        var s = _parser.Parse(JoinLateralGrouped);
        Same(["app.orders.tags"], Col(s, "tag").Value);
        Assert.Empty(Col(s, "n").Value);
        Assert.Equal(DependencyKind.Aggregation, Col(s, "n").Kind);
        Assert.Equal(DependencyKind.GroupKey, Assert.Single(Col(s, "n").Indirect).Value);
        Assert.Equal(ColumnRef.Parse("app.orders.tags"), Col(s, "n").Indirect.Keys.Single());
    }

    [Fact]
    public void Star_over_a_function_of_unknown_columns_warns_instead_of_guessing()
    {
        var s = _parser.Parse(StarOverUnknownFunction);
        Assert.Equal(["id", "properties", "payload", "user_id", "ts"], s.Columns.Select(c => c.Name));
        Assert.Contains(s.Warnings, w => w.Contains("cannot expand x.*") && w.Contains("column names are not given"));
    }

    [Fact]
    public void A_column_definition_list_is_read_from_the_text_and_names_the_only_columns()
    {
        // DuckDB's parse tree drops the list; the names come from the statement text (nested type parentheses, quotes).
        var s = _parser.Parse("SELECT x.* FROM app.events e, jsonb_to_recordset(e.payload) AS x(\"odd, name\" numeric(10, 2), b text[])");
        Assert.Equal(["odd, name", "b"], s.Columns.Select(c => c.Name));
        Same(["app.events.payload"], Col(s, "odd, name").Value);
        var unknown = _parser.Parse("SELECT x.c FROM app.events e, jsonb_to_recordset(e.payload) AS x(a int, b text)");
        Assert.Contains(unknown.Warnings, w => w.Contains("column 'x.c' could not be resolved"));
    }

    /// <summary><c>*</c> over functions whose output columns PostgreSQL names itself.</summary>
    public static TheoryData<string> StarOverKnownFunctions => new()
    {
        "SELECT * FROM app.events e, jsonb_array_elements(e.properties) AS item",
        "SELECT * FROM app.events e, jsonb_each(e.payload) AS kv",
        "SELECT * FROM app.events e, jsonb_each_text(e.payload) AS kv(k)",
        "SELECT * FROM app.orders o, unnest(o.tags) WITH ORDINALITY AS t",
        "SELECT * FROM app.orders o, unnest(o.tags)",
        "SELECT * FROM app.orders o, unnest(o.tags) AS t(tag)",
        "SELECT * FROM generate_series(1, 3)",
        "SELECT * FROM app.events e, jsonb_to_recordset(e.payload) AS x(a int, b text)",
        "SELECT * FROM app.events e, LATERAL jsonb_to_recordset(e.payload -> 'rows') AS x(\"odd, name\" numeric(10, 2), b text[]) WHERE x.b IS NOT NULL",
        "SELECT ü.* FROM app.events e, jsonb_to_recordset(e.payload) AS ü(straße text)",
    };

    [Theory]
    [MemberData(nameof(StarOverKnownFunctions))]
    public async Task Star_over_a_known_function_lists_the_columns_postgresql_returns(string sql)
    {
        await using var conn = await PostgresStatements.DatabaseAsync(server, "lineage_fn", Ddl);
        var postgres = await PostgresStatements.ColumnNamesAsync(conn, sql);
        var s = _parser.Parse(sql);
        Assert.Equal(postgres, s.Columns.Select(c => c.Name));
        Assert.DoesNotContain(s.Warnings, w => w.Contains("cannot expand"));
    }

    [Fact]
    public void Known_function_columns_carry_the_arguments_and_the_ordinality_counter_none()
    {
        var s = _parser.Parse("SELECT * FROM app.events e, jsonb_each(e.payload) AS kv(k)");
        Same(["app.events.payload"], Col(s, "k").Value);
        Same(["app.events.payload"], Col(s, "value").Value);
        var o = _parser.Parse("SELECT * FROM app.orders o, unnest(o.tags) WITH ORDINALITY AS t");
        Same(["app.orders.tags"], Col(o, "t").Value);
        Assert.Empty(Col(o, "ordinality").Value);
    }

    [Fact]
    public void A_function_reading_no_column_still_warns_that_it_carries_no_lineage()
    {
        var s = _parser.Parse("SELECT g FROM generate_series(1, 10) AS g");
        Assert.Empty(Col(s, "g").Value);
        Assert.Contains(s.Warnings, w => w.Contains("table function 'generate_series' reads no columns"));
    }
}
