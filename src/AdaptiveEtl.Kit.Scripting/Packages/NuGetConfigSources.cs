using NuGet.Configuration;

namespace AdaptiveEtl.Kit.Scripting.Packages;

/// <summary>
/// The package sources declared by the <c>NuGet.Config</c> files of a folder and its parents, the way .NET Interactive,
/// dotnet-script and <c>dotnet run app.cs</c> find them. A notebook folder holding a <c>NuGet.Config</c> with
/// <c>&lt;add key="kit" value="../artifacts/packages" /&gt;</c> therefore resolves the same packages in every host, without
/// an <c>#i</c> line (which dotnet-interactive rejects for relative paths and dotnet-script does not know).
/// </summary>
/// <remarks>Read with NuGet's own configuration library (NuGet.Configuration), so relative folders resolve against the file that
/// declares them and <c>&lt;clear /&gt;</c>/<c>disabledPackageSources</c> behave as in NuGet. The machine- and user-level
/// configuration is not read here: the SDK restore the engine runs already uses it.</remarks>
public static class NuGetConfigSources
{
    private static readonly string[] FileNames = ["nuget.config", "NuGet.config", "NuGet.Config"];

    /// <summary>Enabled sources (absolute folders or URLs) of the NuGet.Config files from <paramref name="directory"/> up to the root, nearest first.</summary>
    public static IReadOnlyList<string> From(string directory)
    {
        var sources = new List<string>();
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            // one file per folder (the names differ only by case; on a case-insensitive file system they are one file)
            var file = FileNames.Select(n => Path.Combine(dir.FullName, n)).FirstOrDefault(File.Exists);
            if (file is null) continue;
            ISettings settings;
            try
            {
                settings = Settings.LoadSettingsGivenConfigPaths([file]);
            }
            catch (NuGetConfigurationException e)
            {
                throw new PackageResolutionException($"{file}: not a readable NuGet.Config: {e.Message}");
            }
            foreach (var source in new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled))
                if (!sources.Contains(source.Source, StringComparer.Ordinal)) sources.Add(source.Source);
        }
        return sources;
    }
}
