using AdaptiveEtl.Kit.Scripting.Packages;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

public sealed class NuGetConfigSourcesTests
{
    private static string Config(params string[] adds) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><configuration><packageSources>" + string.Concat(adds) + "</packageSources></configuration>";

    [Fact]
    public void Relative_folders_resolve_against_the_declaring_file_nearest_first()
    {
        var root = Directory.CreateTempSubdirectory("kit-nugetcfg-").FullName;
        try
        {
            var nb = Directory.CreateDirectory(Path.Combine(root, "repo", "notebooks")).FullName;
            File.WriteAllText(Path.Combine(nb, "NuGet.Config"), Config("<add key=\"local\" value=\"../artifacts/packages\" />"));
            File.WriteAllText(Path.Combine(root, "NuGet.Config"), Config("<add key=\"team\" value=\"https://example.invalid/v3/index.json\" />"));

            var sources = NuGetConfigSources.From(nb);

            Assert.Equal([Path.Combine(root, "repo", "artifacts", "packages"), "https://example.invalid/v3/index.json"], sources);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Disabled_sources_are_left_out_and_a_broken_file_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("kit-nugetcfg-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "nuget.config"),
                "<?xml version=\"1.0\"?><configuration><packageSources><add key=\"a\" value=\"feed-a\" /><add key=\"b\" value=\"feed-b\" /></packageSources>" +
                "<disabledPackageSources><add key=\"b\" value=\"true\" /></disabledPackageSources></configuration>");
            Assert.Equal([Path.Combine(dir, "feed-a")], NuGetConfigSources.From(dir));

            File.WriteAllText(Path.Combine(dir, "nuget.config"), "<configuration><packageSources>");
            var e = Assert.Throws<PackageResolutionException>(() => NuGetConfigSources.From(dir));
            Assert.Contains(Path.Combine(dir, "nuget.config"), e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
