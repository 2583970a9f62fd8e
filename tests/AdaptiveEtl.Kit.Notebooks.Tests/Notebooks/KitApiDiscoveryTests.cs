using AdaptiveEtl.Kit.Scripting;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Notebooks;

/// <summary>
/// "kit." + Tab in a notebook: the engine behind the kit's kernel completes the facade's members and shows their XML
/// documentation, as a data scientist discovers the API.
/// </summary>
public class KitApiDiscoveryTests
{
    private static async Task<ScriptSession> SessionWithKitAsync()
    {
        var session = new ScriptSession(new ScriptSessionOptions { StandardOutput = TextWriter.Null, StandardError = TextWriter.Null });
        var core = typeof(EtlKit).Assembly.Location;
        // an earlier cell first: the later cell's `using` must still apply to completion (cells are separate submissions)
        Assert.True((await session.ExecuteAsync("var earlier = 1;", TestContext.Current.CancellationToken)).Succeeded);
        var result = await session.ExecuteAsync($"#r \"{core}\"\nusing AdaptiveEtl.Kit;\nvar kit = EtlKit.InMemory();", TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Error?.Message);
        return session;
    }

    [Fact]
    public async Task Completing_kit_dot_lists_the_capabilities()
    {
        await using var session = await SessionWithKitAsync();
        var items = (await session.CompleteAsync("kit.", 4, TestContext.Current.CancellationToken)).Select(i => i.DisplayText).ToHashSet();
        foreach (var member in new[] { "History", "Forecasters", "ImportRuns", "PredictNextTrigger", "Triggers", "CompareDrift", "CaptureLineage", "OpenLineageStoreAsync" })
            Assert.Contains(member, items);
        var models = (await session.CompleteAsync("kit.Forecasters.", 16, TestContext.Current.CancellationToken)).Select(i => i.DisplayText).ToHashSet();
        foreach (var model in new[] { "AutoArima", "Ets", "Prophet", "SeasonalNaive", "Naive", "Mean" })
            Assert.Contains(model, models);
    }

    [Fact]
    public async Task Inspecting_a_member_shows_its_xml_documentation()
    {
        await using var session = await SessionWithKitAsync();
        var code = "kit.PredictNextTrigger(\"orders_daily\")";
        var info = await session.InspectAsync(code, code.IndexOf("Predict", StringComparison.Ordinal) + 3, TestContext.Current.CancellationToken);
        Assert.NotNull(info);
        Assert.Contains("PredictNextTrigger", info!.Signature);
        Assert.Contains("next trigger", info.Documentation ?? "");
    }
}
