using AdaptiveEtl.Kit.Proactive.Pipelines;

namespace AdaptiveEtl.Kit.Tests.Proactive.Pipelines;

public sealed class PipelineDefinitionTests
{
    private static readonly BatchTransform Identity = b => b.Rows;

    [Fact]
    public void A_cycle_is_reported_with_the_steps_on_it()
    {
        var p = PipelineDefinition.Create("p").Source("s")
            .Sql("a", ["s", "z"], "x", "SELECT * FROM {s} JOIN {z} USING (id)")
            .Sql("b", ["x"], "y", "SELECT * FROM {x}")
            .Sql("c", ["y"], "z", "SELECT * FROM {y}");
        var e = Assert.Throws<KitDataException>(() => p.Validate());
        Assert.Contains("cycle: a -> b -> c -> a", e.Message);
        Assert.Contains("pipeline 'p', step 'a'", e.Message);
    }

    [Fact]
    public void A_missing_input_names_the_step_and_the_table()
    {
        var p = PipelineDefinition.Create("p").Source("orders_raw").Sql("clean", ["orders"], "orders_clean", "SELECT * FROM {orders}");
        var e = Assert.Throws<KitDataException>(() => p.Validate());
        Assert.Contains("step 'clean'", e.Message);
        Assert.Contains("input 'orders' is missing", e.Message);
        Assert.Contains("orders_raw", e.Message);
    }

    [Fact]
    public void Two_steps_writing_one_table_are_rejected()
    {
        var p = PipelineDefinition.Create("p").Source("s")
            .Sql("a", ["s"], "out", "SELECT * FROM {s}")
            .Sql("b", ["s"], "out", "SELECT * FROM {s}");
        var e = Assert.Throws<KitDataException>(() => p.Validate());
        Assert.Contains("steps 'a' and 'b' both write 'out'", e.Message);
    }

    [Theory]
    [InlineData("SELECT * FROM {s} JOIN {t} USING (id)", "references {t}, which is not a declared input")]
    [InlineData("SELECT * FROM s", "never references {s}")]
    public void Sql_placeholders_must_match_the_declared_inputs(string sql, string expected)
    {
        var p = PipelineDefinition.Create("p").Source("s").Sql("a", ["s"], "out", sql);
        var e = Assert.Throws<KitDataException>(() => p.Validate());
        Assert.Contains(expected, e.Message);
        Assert.Contains("step 'a'", e.Message);
    }

    [Fact]
    public void Duplicate_step_names_and_bad_csharp_column_types_are_rejected()
    {
        var dup = PipelineDefinition.Create("p").Source("s").Sql("a", ["s"], "x", "SELECT * FROM {s}").Sql("a", ["x"], "y", "SELECT * FROM {x}");
        Assert.Contains("two steps have this name", Assert.Throws<KitDataException>(() => dup.Validate()).Message);
        var badType = PipelineDefinition.Create("p").Source("s").Step("f", "s", "y", [new("v", "BIGINT); DROP TABLE s; --")], Identity);
        var e = Assert.Throws<KitDataException>(() => badType.Validate());
        Assert.Contains("column 'v'", e.Message);
    }

    [Fact]
    public void Json_round_trip_keeps_every_field()
    {
        var p = OrdersFixture.Pipeline();
        var json = p.ToJson().ToJsonString();
        var back = PipelineDefinition.FromJson(json, new Dictionary<string, BatchTransform> { ["band"] = p.GetStep("band").Transform! });
        Assert.Equal(json, back.ToJson().ToJsonString());
        Assert.Equal(p.Steps.Select(s => s.DefinitionHash), back.Steps.Select(s => s.DefinitionHash));
        Assert.Equal(StepMode.RowWise, back.GetStep("share").Mode);
        Assert.Equal(["orders_clean", "customer_totals"], back.GetStep("share").Inputs);
        Assert.Equal("DECIMAL(12,2)", back.GetStep("band").Columns[3].SqlType);

        var path = Path.Combine(Path.GetTempPath(), "aek-pipeline-" + Guid.NewGuid().ToString("N") + ".json");
        p.Save(path);
        Assert.Equal(json, PipelineDefinition.Load(path, new Dictionary<string, BatchTransform> { ["band"] = Identity }).ToJson().ToJsonString());
        File.Delete(path);
    }

    [Fact]
    public void Json_errors_name_the_step_and_field()
    {
        var e = Assert.Throws<KitDataException>(() => PipelineDefinition.FromJson("""{"name": "p", "sources": ["s"], "steps": [{"name": "x", "inputs": ["s"], "sql": "SELECT * FROM {s}"}]}""", sourceName: "p.json"));
        Assert.Contains("p.json, step 'x', column 'output'", e.Message);
        e = Assert.Throws<KitDataException>(() => PipelineDefinition.FromJson("""{"name": "p", "sources": ["s"], "steps": [{"name": "f", "kind": "csharp", "inputs": ["s"], "output": "o", "columns": []}]}"""));
        Assert.Contains("function 'f' is not among the supplied C# step functions", e.Message);
        e = Assert.Throws<KitDataException>(() => PipelineDefinition.FromJson("""{"name": "p", "steps": [ """, sourceName: "p.json"));
        Assert.Contains("p.json: not valid JSON", e.Message);
        e = Assert.Throws<KitDataException>(() => PipelineDefinition.FromJson("""{"name": "p", "sources": ["s"], "steps": [{"name": "x", "mode": "streaming", "inputs": ["s"], "output": "o", "sql": "SELECT * FROM {s}"}]}"""));
        Assert.Contains("mode 'streaming'", e.Message);
    }

    [Fact]
    public void Yaml_reads_the_same_definition_as_json()
    {
        const string yaml = """
            name: orders
            sources: [orders_raw]
            steps:
              - name: clean
                mode: row_wise
                inputs: [orders_raw]
                output: orders_clean
                sql: |
                  SELECT order_id, lower(status) AS status FROM {orders_raw} WHERE amount > 0
              - name: tag
                kind: csharp
                inputs: [orders_clean]
                output: orders_tagged
                version: "2"
                columns:
                  - {name: order_id, type: BIGINT}
                  - {name: tag, type: VARCHAR}
            """;
        var p = PipelineDefinition.FromYaml(yaml, new Dictionary<string, BatchTransform> { ["tag"] = Identity }, "orders.yaml");
        Assert.Equal(["clean", "tag"], p.Steps.Select(s => s.Name));
        Assert.Equal(StepMode.RowWise, p.GetStep("clean").Mode);
        Assert.Equal(StepMode.RowWise, p.GetStep("tag").Mode); // C# steps default to row-wise
        Assert.Equal("2", p.GetStep("tag").Version);
        Assert.StartsWith("SELECT order_id", p.GetStep("clean").Sql);
        var back = PipelineDefinition.FromJson(p.ToJson().ToJsonString(), new Dictionary<string, BatchTransform> { ["tag"] = Identity });
        Assert.Equal(p.Steps.Select(s => s.DefinitionHash), back.Steps.Select(s => s.DefinitionHash));

        var e = Assert.Throws<KitDataException>(() => PipelineDefinition.FromYaml("name: p\nsources: [s]\nsteps:\n  - name: x\n    inputs: [s]\n    sql: SELECT * FROM {s}\n", sourceName: "p.yaml"));
        Assert.Contains("p.yaml, step 'x', column 'output'", e.Message);
        Assert.Contains("not valid YAML", Assert.Throws<KitDataException>(() => PipelineDefinition.FromYaml("name: [unclosed", sourceName: "p.yaml")).Message);
    }
}
