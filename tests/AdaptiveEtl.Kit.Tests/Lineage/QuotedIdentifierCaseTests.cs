using AdaptiveEtl.Kit.Lineage;
using AdaptiveEtl.Kit.Lineage.Export;
using AdaptiveEtl.Kit.Lineage.Graph;
using AdaptiveEtl.Kit.Lineage.OpenLineage;
using AdaptiveEtl.Kit.Lineage.Sql;
using AdaptiveEtl.Kit.Lineage.Store;
using AdaptiveEtl.Kit.Tests.Infrastructure;
using Npgsql;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>
/// Quoted identifiers keep their exact case, unquoted ones fold to lower case (PostgreSQL's rule): <c>"Users"</c> and
/// <c>users</c> are two tables, <c>USERS</c> is <c>users</c>, <c>"Order ID"</c> stays <c>Order ID</c>. Every statement
/// runs on a real PostgreSQL server first, whose own catalog (information_schema) and result column names are the
/// reference: PostgreSQL accepts the statement and tells the tables apart exactly as the lineage does.
/// </summary>
[Collection(LineagePostgresCollection.Name)]
public sealed class QuotedIdentifierCaseTests(PostgresServer server)
{
    private const string Ddl =
        "CREATE TABLE \"Users\" (id int, \"Order ID\" int, \"Name\" text); " +
        "CREATE TABLE users (id int, name text); " +
        "CREATE TABLE report (user_id int, \"Order ID\" int, name text); " +
        "INSERT INTO \"Users\" VALUES (1, 10, 'upper'); INSERT INTO users VALUES (1, 'lower');";

    private const string QuotedAndUnquoted = "SELECT u.\"Order ID\", v.name FROM \"Users\" u JOIN users v ON u.id = v.id";
    private const string MixedWithUpperUnquoted = "SELECT \"Users\".\"Name\", USERS.NAME AS Lower_Name FROM \"Users\" JOIN USERS ON \"Users\".id = USERS.ID";
    private const string QuotedLowerIsUnquoted = "SELECT \"users\".\"name\" FROM \"users\"";
    private const string Star = "SELECT * FROM \"Users\"";
    private const string Insert = "INSERT INTO report (user_id, \"Order ID\", name) SELECT U.ID, U.\"Order ID\", V.Name FROM \"Users\" U JOIN Users V USING (id)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Texts(IEnumerable<ColumnRef> refs) => refs.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A database with both tables; returns an open connection.</summary>
    private Task<NpgsqlConnection> DatabaseAsync() => PostgresStatements.DatabaseAsync(server, "lineage_case", Ddl);

    /// <summary>Runs a query on PostgreSQL (proving it valid there) and returns its result column names and first row.</summary>
    private static async Task<(List<string> Names, List<object> Row)> RunAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        Assert.True(await reader.ReadAsync(Ct), $"PostgreSQL returned no row for: {sql}");
        return (names, Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue).ToList());
    }

    [Fact]
    public async Task Quoted_Users_and_unquoted_users_are_two_datasets_as_in_postgresql()
    {
        await using var conn = await DatabaseAsync();
        var catalog = await LineageCatalog.FromInformationSchemaAsync(conn, Ct);
        Assert.True(catalog.TryGetTable("\"Users\"", out _, out var upperColumns));
        Assert.Equal(["id", "Order ID", "Name"], upperColumns);
        Assert.True(catalog.TryGetTable("users", out _, out var lowerColumns));
        Assert.Equal(["id", "name"], lowerColumns);

        var (names, row) = await RunAsync(conn, QuotedAndUnquoted);
        Assert.Equal(["Order ID", "name"], names);
        Assert.Equal("lower", row[1]); // v.name comes from the lower-case table: PostgreSQL told the two apart

        using var parser = new SqlLineageParser(catalog);
        var s = parser.Parse(QuotedAndUnquoted);
        Assert.Equal(["Users", "users"], s.Reads.Order(StringComparer.Ordinal));
        Assert.Equal(names, s.Columns.Select(c => c.Name));
        Assert.Equal(["\"Users\".\"Order ID\""], Texts(s.Columns[0].Value));
        Assert.Equal(new ColumnRef("Users", "Order ID"), Assert.Single(s.Columns[0].Value));
        Assert.Equal(["users.name"], Texts(s.Columns[1].Value));
        Assert.Equal(["\"Users\".id", "users.id"], Texts(s.Columns[1].Indirect.Keys));
    }

    [Fact]
    public async Task Unquoted_USERS_folds_to_users_next_to_quoted_Users()
    {
        await using var conn = await DatabaseAsync();
        var (names, row) = await RunAsync(conn, MixedWithUpperUnquoted);
        Assert.Equal(["Name", "lower_name"], names);
        Assert.Equal(["upper", "lower"], row);

        using var parser = new SqlLineageParser(await LineageCatalog.FromInformationSchemaAsync(conn, Ct));
        var s = parser.Parse(MixedWithUpperUnquoted);
        Assert.Equal(["Users", "users"], s.Reads.Order(StringComparer.Ordinal));
        Assert.Equal(names, s.Columns.Select(c => c.Name));
        Assert.Equal(["\"Users\".\"Name\""], Texts(s.Columns[0].Value));
        Assert.Equal(["users.name"], Texts(s.Columns[1].Value));
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public async Task A_quoted_all_lower_case_name_is_the_unquoted_name()
    {
        await using var conn = await DatabaseAsync();
        var (names, row) = await RunAsync(conn, QuotedLowerIsUnquoted);
        Assert.Equal(["name"], names);
        Assert.Equal("lower", row[0]);
        using var parser = new SqlLineageParser(await LineageCatalog.FromInformationSchemaAsync(conn, Ct));
        var s = parser.Parse(QuotedLowerIsUnquoted);
        Assert.Equal(["users"], s.Reads);
        Assert.Equal(["users.name"], Texts(s.Columns[0].Value));
    }

    [Fact]
    public async Task Star_over_a_quoted_table_lists_its_exact_column_names()
    {
        await using var conn = await DatabaseAsync();
        var (names, _) = await RunAsync(conn, Star);
        using var parser = new SqlLineageParser(await LineageCatalog.FromInformationSchemaAsync(conn, Ct));
        var s = parser.Parse(Star);
        Assert.Equal(["id", "Order ID", "Name"], names);
        Assert.Equal(names, s.Columns.Select(c => c.Name));
        Assert.Equal(["\"Users\".\"Order ID\""], Texts(s.Columns[1].Value));
    }

    [Fact]
    public async Task An_insert_maps_exact_case_columns_and_postgresql_runs_it()
    {
        await using var conn = await DatabaseAsync();
        await using (var cmd = new NpgsqlCommand(Insert, conn)) Assert.Equal(1, await cmd.ExecuteNonQueryAsync(Ct));
        var (_, row) = await RunAsync(conn, "SELECT user_id, \"Order ID\", name FROM report");
        Assert.Equal([1, 10, "lower"], row);

        using var parser = new SqlLineageParser(await LineageCatalog.FromInformationSchemaAsync(conn, Ct));
        var s = parser.Parse(Insert);
        Assert.Equal("report", s.Target);
        Assert.Equal(["user_id", "Order ID", "name"], s.Columns.Select(c => c.Name));
        Assert.Equal(["\"Users\".\"Order ID\""], Texts(s.Columns[1].Value));
        Assert.Equal(["users.name"], Texts(s.Columns[2].Value));
    }

    [Fact]
    public void A_catalog_written_by_hand_folds_unquoted_names_and_keeps_quoted_ones()
    {
        var catalog = new LineageCatalog().Add("public.\"Users\"", ["ID", "\"Order ID\""]).Add("USERS", ["Name"]);
        Assert.Equal(["public.Users", "users"], catalog.Tables);
        // Lookups take names written as in SQL: Users folds to users; public."Users" (or its bare name) is the other table.
        Assert.Equal(["id", "Order ID"], catalog.Columns("public.\"Users\""));
        Assert.Equal(["id", "Order ID"], catalog.Columns("\"Users\""));
        Assert.Equal(["name"], catalog.Columns("Users"));
        Assert.True(catalog.TryGetTable("USERS", out var lower, out _));
        Assert.Equal("users", lower);
        using var parser = new SqlLineageParser(catalog);
        var s = parser.Parse("SELECT * FROM public.\"Users\" JOIN Users ON true");
        Assert.Equal(["public.Users", "users"], s.Reads.Order(StringComparer.Ordinal));
        Assert.Equal(["id", "Order ID", "name"], s.Columns.Select(c => c.Name));
        Assert.Equal(["public.\"Users\".\"Order ID\""], Texts(s.Columns[1].Value));
    }

    [Fact]
    public void Column_text_of_an_exact_name_parses_back_to_it_and_lower_case_text_is_unchanged()
    {
        var exact = new ColumnRef("public.Users", "Order ID");
        Assert.Equal("public.\"Users\".\"Order ID\"", exact.ToString());
        Assert.Equal(exact, ColumnRef.Parse(exact.ToString()));
        Assert.Equal("staging.orders.order id", new ColumnRef("staging.orders", "order id").ToString());
        Assert.Equal(new ColumnRef("staging.orders", "amount"), ColumnRef.Parse("Staging.Orders.AMOUNT"));
        Assert.Equal("dataset:public.\"Users\"", LineageNode.DatasetId("public.Users"));
        Assert.Equal("dataset:staging.orders", LineageNode.DatasetId("staging.orders"));
    }

    private static LineageGraph Graph(LineageCatalog catalog)
    {
        using var parser = new SqlLineageParser(catalog);
        var graph = new LineageGraph();
        graph.AddStatement(parser.Parse(Insert), at: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        return graph;
    }

    private static LineageCatalog HandCatalog() => new LineageCatalog()
        .Add("\"Users\"", ["id", "\"Order ID\"", "\"Name\""]).Add("users", ["id", "name"]).Add("report", ["user_id", "\"Order ID\"", "name"]);

    [Fact]
    public void The_graph_openlineage_and_neo4j_exports_carry_the_exact_case()
    {
        var graph = Graph(HandCatalog());
        Assert.NotNull(graph.Find("dataset:\"Users\""));
        Assert.NotNull(graph.Find("dataset:users"));
        Assert.Equal("Users", graph["dataset:\"Users\""].Name);
        Assert.Equal(new ColumnRef("Users", "Order ID"), graph["column:\"Users\".\"Order ID\""].Column);
        Assert.Contains(graph.Downstream(new ColumnRef("Users", "Order ID")), h => h.Node.Id == "column:report.\"Order ID\"");

        var ev = Assert.Single(OpenLineageGraph.ToEvents(graph));
        Assert.Equal(["Users", "users"], ev.Inputs.Select(i => i.Name).Order(StringComparer.Ordinal));
        var field = ev.Outputs.Single(o => o.Name == "report").Facets!.ColumnLineage!.Fields["Order ID"];
        Assert.Contains(field.InputFields, f => f.Name == "Users" && f.Field == "Order ID");
        Assert.Empty(OpenLineageSchemas.Problems(ev.ToJson()));
        // Ingesting the event again gives back the same exact-case nodes.
        var back = new LineageGraph();
        OpenLineageGraph.Add(back, ev);
        Assert.NotNull(back.Find("column:\"Users\".\"Order ID\""));
        Assert.NotNull(back.Find("column:users.name"));

        var dir = Directory.CreateTempSubdirectory("lineage-case-").FullName;
        try
        {
            var (nodes, _) = Neo4jCsvExporter.Write(graph, dir);
            var csv = File.ReadAllText(nodes);
            Assert.Contains("Users", csv, StringComparison.Ordinal);
            Assert.Contains("Order ID", csv, StringComparison.Ordinal);
            var cypher = Path.Combine(dir, "graph.cypher");
            CypherExporter.WriteCypherShellScript(graph, cypher);
            Assert.Contains("Order ID", File.ReadAllText(cypher), StringComparison.Ordinal);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task Both_stores_keep_Users_and_users_apart()
    {
        var graph = Graph(HandCatalog());
        var dir = Directory.CreateTempSubdirectory("lineage-case-store-").FullName;
        try
        {
            await using var duck = await DuckDbLineageStore.OpenAsync(Path.Combine(dir, "lineage.duckdb"), Ct);
            await using var pg = await PostgresLineageStore.OpenAsync(await server.CreateDatabaseAsync("lineage_case_store"), Ct);
            foreach (ILineageStore store in new ILineageStore[] { duck, pg })
            {
                await store.SaveAsync(graph, Ct);
                var loaded = await store.LoadAsync(Ct);
                Assert.Equal(graph.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal), loaded.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal));
                Assert.Equal("Users", loaded["dataset:\"Users\""].Name);
                Assert.Equal("users", loaded["dataset:users"].Name);
                var upper = await store.DownstreamAsync("column:\"Users\".\"Order ID\"", 5, Ct);
                Assert.Contains(upper, h => h.Node.Id == "column:report.\"Order ID\"");
                Assert.DoesNotContain(upper, h => h.Node.Id == "column:report.name");
                var lower = await store.DownstreamAsync("column:users.name", 5, Ct);
                Assert.Contains(lower, h => h.Node.Id == "column:report.name");
                Assert.DoesNotContain(lower, h => h.Node.Id == "column:report.\"Order ID\"");
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void T_sql_gets_table_level_lineage_at_most_and_bracketed_names_are_not_read()
    {
        using var parser = new SqlLineageParser();
        // TOP is T-SQL: DuckDB rejects it; the tokenizer still names the table read, without column lineage.
        var top = parser.Parse("SELECT TOP 10 name FROM dbo.Users");
        Assert.Equal(LineageLevel.Table, top.Level);
        Assert.Equal(["dbo.users"], top.Reads);
        Assert.Empty(top.Columns);
        // [bracketed] names are T-SQL quoting, which neither DuckDB nor the tokenizer reads as a table name.
        Assert.True(!parser.TryParse("SELECT TOP 10 [Name] FROM [dbo].[Users]", 0, out var bracketed, out _) || bracketed!.Reads.Count == 0);
    }
}
