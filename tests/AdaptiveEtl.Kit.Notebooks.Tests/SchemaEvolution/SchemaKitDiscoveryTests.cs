using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Notebooks.Tests.SchemaEvolution;

/// <summary>"kit.Schema." + Tab lists the schema-evolution entries, and inspecting one shows its XML documentation.</summary>
public class SchemaKitDiscoveryTests
{
    [Fact]
    public async Task Completing_kit_Schema_lists_the_entries_with_their_documentation()
    {
        await using var session = new ScriptSession(new ScriptSessionOptions { StandardOutput = TextWriter.Null, StandardError = TextWriter.Null });
        var core = typeof(EtlKit).Assembly.Location;
        var result = await session.ExecuteAsync($"#r \"{core}\"\nusing AdaptiveEtl.Kit;\nvar kit = EtlKit.InMemory();", TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Error?.Message);

        var top = (await session.CompleteAsync("kit.", 4, TestContext.Current.CancellationToken)).Select(i => i.DisplayText).ToHashSet();
        Assert.Contains("Schema", top);
        var items = (await session.CompleteAsync("kit.Schema.", 11, TestContext.Current.CancellationToken)).Select(i => i.DisplayText).ToHashSet();
        foreach (var member in new[] { "Workload", "Recommend", "PerformanceSeries", "BacktestDegradation", "DegradationRisks", "AtRisk", "ReplayPlanAsync", "DryRunAsync", "Controller", "DecisionLog" })
            Assert.Contains(member, items);

        var code = "kit.Schema.AtRisk(null!, null!)";
        var info = await session.InspectAsync(code, code.IndexOf("AtRisk", StringComparison.Ordinal) + 2, TestContext.Current.CancellationToken);
        Assert.NotNull(info);
        Assert.Contains("predicted risk", info!.Documentation ?? "");
    }
}
