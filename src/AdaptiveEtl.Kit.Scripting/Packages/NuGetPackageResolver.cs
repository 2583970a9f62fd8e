using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using AdaptiveEtl.Kit.Scripting.Execution;

namespace AdaptiveEtl.Kit.Scripting.Packages;

/// <summary>
/// Resolves <c>#r "nuget:"</c> packages with the .NET SDK's own restore: it writes a throw-away net10.0 project holding one
/// PackageReference per requested package and runs <c>dotnet publish -r &lt;rid&gt; --self-contained false</c>, which
/// resolves the dependency graph exactly as a real project would and flattens <c>runtimes/&lt;rid&gt;/native</c> next to the
/// managed assemblies (TorchSharp then finds libLibTorchSharp.so beside TorchSharp.dll).
/// </summary>
/// <remarks>
/// Packages are restored into an isolated folder (<c>&lt;cache&gt;/packages</c>) with the machine's global packages folder as a
/// read-only fallback, so large packages such as libtorch are not downloaded twice while a locally packed
/// <c>AdaptiveEtl.Kit*</c> 0.1.0 never lands in <c>~/.nuget/packages</c> (where it would go stale after the next pack).
/// Published sets are cached under <c>&lt;cache&gt;/sets/&lt;key&gt;</c>, keyed by the package list, the feeds and the name, size and
/// modification time of every .nupkg in the local feeds; when a local feed changes, the isolated copies of the packages it
/// holds are deleted so the re-packed package is extracted afresh.
/// </remarks>
internal sealed class NuGetPackageResolver
{
    private const string ProjectName = "KitScriptPackages";
    private readonly string _cacheRoot;
    private readonly TextWriter? _log;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public NuGetPackageResolver(string cacheRoot, TextWriter? log)
    {
        _cacheRoot = Path.GetFullPath(cacheRoot);
        _log = log;
    }

    /// <summary>The default cache folder: <c>$XDG_CACHE_HOME/adaptive-etl-kit/scripting</c> or <c>~/.cache/adaptive-etl-kit/scripting</c>.</summary>
    public static string DefaultCacheRoot
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var baseDir = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseDir, "adaptive-etl-kit", "scripting");
        }
    }

    /// <summary>The machine's global packages folder (NUGET_PACKAGES or ~/.nuget/packages), used read-only as a fallback.</summary>
    public static string GlobalPackagesFolder
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            return !string.IsNullOrEmpty(env) ? env : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }
    }

    /// <summary>The isolated packages folder restores extract into.</summary>
    public string PackagesFolder => Path.Combine(_cacheRoot, "packages");

    /// <summary>Restores and publishes <paramref name="packages"/> (or reuses an identical earlier set).</summary>
    /// <param name="packages">Every package asked for so far in the session.</param>
    /// <param name="sources">Extra feeds: absolute folders or URLs.</param>
    /// <param name="cancellationToken">Stops the restore (the child process is killed).</param>
    public async Task<ResolvedPackageSet> ResolveAsync(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, CancellationToken cancellationToken = default)
    {
        if (packages.Count == 0) throw new ArgumentException("no packages to resolve", nameof(packages));
        var rid = RuntimeInformation.RuntimeIdentifier;
        var localFeeds = sources.Where(s => !IsUrl(s)).Select(Path.GetFullPath).ToList();
        var feedState = new StringBuilder();
        foreach (var feed in localFeeds)
        {
            if (!Directory.Exists(feed))
                throw new PackageResolutionException($"package source '{feed}' (from #i or a NuGet.Config) does not exist; cannot resolve {string.Join(", ", packages)}");
            feedState.Append(feed).Append('\n').Append(FeedFingerprint(feed));
        }
        var keyText = new StringBuilder().Append(rid).Append('\n').Append(Environment.Version).Append('\n');
        foreach (var p in packages.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase)) keyText.Append(p.Id.ToLowerInvariant()).Append('@').Append(p.Version ?? "*").Append('\n');
        foreach (var s in sources.Where(IsUrl)) keyText.Append(s).Append('\n');
        keyText.Append(feedState);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(keyText.ToString())))[..24].ToLowerInvariant();
        var setDir = Path.Combine(_cacheRoot, "sets", key);
        var publishDir = Path.Combine(setDir, "publish");

        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(Path.Combine(setDir, "complete")))
                return new ResolvedPackageSet(publishDir, ManagedAssemblies(publishDir), FromCache: true);

            foreach (var feed in localFeeds) InvalidateChangedFeed(feed);

            var staging = Path.Combine(_cacheRoot, "sets", $"{key}.staging-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            try
            {
                var project = Path.Combine(staging, ProjectName + ".csproj");
                await File.WriteAllTextAsync(project, ProjectXml(packages, sources.Select(s => IsUrl(s) ? s : Path.GetFullPath(s)).ToList(), rid), cancellationToken).ConfigureAwait(false);
                _log?.WriteLine($"Restoring {string.Join(", ", packages)} …");
                var result = await ProcessHelper.RunAsync(ProcessHelper.DotnetHost,
                    ["publish", project, "-c", "Release", "-r", rid, "--self-contained", "false", "-o", Path.Combine(staging, "publish"),
                     "-m:1", "-nologo", "-v:q", "--disable-build-servers", "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false",
                     "-p:ImportDirectoryPackagesProps=false"],
                    staging, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (result.ExitCode != 0)
                    throw new PackageResolutionException(FailureMessage(packages, sources, result.Output));
                File.WriteAllText(Path.Combine(staging, "complete"), keyText.ToString());
                // a leftover without the marker is a broken earlier attempt; a complete one was published meanwhile by another
                // process (same key = same content): keep it and drop ours, never delete a set a session may be using
                if (Directory.Exists(setDir) && !File.Exists(Path.Combine(setDir, "complete"))) Directory.Delete(setDir, recursive: true);
                try
                {
                    if (!Directory.Exists(setDir)) Directory.Move(staging, setDir);
                }
                catch (IOException) when (File.Exists(Path.Combine(setDir, "complete")))
                {
                    // another process won the race with the same content
                }
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
            return new ResolvedPackageSet(publishDir, ManagedAssemblies(publishDir), FromCache: false);
        }
        finally
        {
            Gate.Release();
        }
    }

    internal static bool IsUrl(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

    /// <summary>Name, size and modification time of every .nupkg under a local feed (flat or hierarchical layout).</summary>
    internal static string FeedFingerprint(string feed)
    {
        var sb = new StringBuilder();
        foreach (var f in Directory.EnumerateFiles(feed, "*.nupkg", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(f);
            sb.Append(Path.GetRelativePath(feed, f)).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// When a local feed's contents changed since the last restore, deletes the isolated copies of every package id it holds
    /// (and of any adaptiveetl.kit* package), so NuGet extracts the re-packed .nupkg instead of reusing a stale folder.
    /// </summary>
    private void InvalidateChangedFeed(string feed)
    {
        var stateDir = Path.Combine(_cacheRoot, "feeds");
        Directory.CreateDirectory(stateDir);
        var stateFile = Path.Combine(stateDir, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(feed)))[..24] + ".state");
        var fingerprint = FeedFingerprint(feed);
        if (File.Exists(stateFile) && File.ReadAllText(stateFile) == fingerprint) return;
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var nupkg in Directory.EnumerateFiles(feed, "*.nupkg", SearchOption.AllDirectories))
        {
            var id = ReadPackageId(nupkg);
            if (id is not null) ids.Add(id.ToLowerInvariant());
        }
        if (Directory.Exists(PackagesFolder))
        {
            foreach (var dir in Directory.EnumerateDirectories(PackagesFolder))
            {
                var name = Path.GetFileName(dir);
                if (ids.Contains(name) || name.StartsWith("adaptiveetl.kit", StringComparison.Ordinal))
                {
                    _log?.WriteLine($"Feed {feed} changed: dropping cached copy of {name}");
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
        foreach (var id in ids)
            if (Directory.Exists(Path.Combine(GlobalPackagesFolder, id)))
                _log?.WriteLine($"warning: {id} from local feed {feed} also exists in the global packages folder {GlobalPackagesFolder}; a restore may reuse that copy (delete it).");
        File.WriteAllText(stateFile, fingerprint);
    }

    private static string? ReadPackageId(string nupkg)
    {
        try
        {
            using var zip = ZipFile.OpenRead(nupkg);
            var entry = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            if (entry is null) return null;
            using var s = entry.Open();
            var doc = XDocument.Load(s);
            return doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "id")?.Value;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException)
        {
            return null;
        }
    }

    private string ProjectXml(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, string rid)
    {
        static string X(string s) => SecurityElement.Escape(s);
        var refs = string.Join("\n", packages.Select(p => $"    <PackageReference Include=\"{X(p.Id)}\" Version=\"{X(p.Version ?? "*")}\" />"));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- Generated by AdaptiveEtl.Kit.Scripting to resolve #r "nuget:" directives. -->
              <PropertyGroup>
                <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
                <OutputType>Library</OutputType>
                <AssemblyName>{ProjectName}</AssemblyName>
                <EnableDefaultItems>false</EnableDefaultItems>
                <RuntimeIdentifier>{X(rid)}</RuntimeIdentifier>
                <SelfContained>false</SelfContained>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
                <CopyDocumentationFilesFromPackages>true</CopyDocumentationFilesFromPackages>
                <NoWarn>$(NoWarn);NU1603;NU1701;NU1608;NU1507</NoWarn>
                <RestorePackagesPath>{X(PackagesFolder)}</RestorePackagesPath>
                <RestoreFallbackFolders>{X(GlobalPackagesFolder)}</RestoreFallbackFolders>
                <RestoreAdditionalProjectSources>{X(string.Join(';', sources))}</RestoreAdditionalProjectSources>
              </PropertyGroup>
              <ItemGroup>
            {refs}
              </ItemGroup>
            </Project>
            """;
    }

    private static IReadOnlyList<string> ManagedAssemblies(string publishDir)
    {
        var list = new List<string>();
        foreach (var dll in Directory.EnumerateFiles(publishDir, "*.dll").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileNameWithoutExtension(dll) == ProjectName) continue;
            try
            {
                AssemblyName.GetAssemblyName(dll);
                list.Add(dll);
            }
            catch (BadImageFormatException)
            {
                // a native library (Windows-style name) that publish flattened next to the managed ones
            }
        }
        return list;
    }

    private static string FailureMessage(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, string output)
    {
        var errors = output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Distinct().Take(12).ToList();
        var tried = sources.Count == 0 ? "the machine's configured NuGet sources" : string.Join(", ", sources) + " and the machine's configured NuGet sources";
        return $"Could not resolve {string.Join(", ", packages)} (sources tried: {tried}; global packages folder {GlobalPackagesFolder} as fallback).\n"
            + string.Join("\n", errors.Count > 0 ? errors : [output.Trim()]);
    }
}
