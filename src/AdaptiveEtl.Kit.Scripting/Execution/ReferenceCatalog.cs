using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AdaptiveEtl.Kit.Scripting.Execution;

/// <summary>
/// The metadata references cells compile against: the shared framework (implementation assemblies, as dotnet-script does),
/// this engine and Microsoft.DotNet.Interactive.Formatting; plus, for completion/inspection, the reference pack with its XML
/// documentation when the SDK is installed. Also the process-wide probing of package folders for managed and native
/// dependencies.
/// </summary>
internal static class ReferenceCatalog
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> RuntimeReferences = new(CreateRuntimeReferences);
    private static readonly Lazy<IReadOnlyList<MetadataReference>> DocumentedReferences = new(CreateDocumentedReferences);
    private static readonly ConcurrentDictionary<string, MetadataReference> FileReferences = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte> ProbeDirectories = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlyDictionary<string, string>> TrustedPlatformAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase));
    private static int _hooked;

    /// <summary>Framework + engine references used to compile and run cells.</summary>
    public static IReadOnlyList<MetadataReference> Runtime => RuntimeReferences.Value;

    /// <summary>The same API surface with XML docs (reference pack) for completion and inspection.</summary>
    public static IReadOnlyList<MetadataReference> Documented => DocumentedReferences.Value;

    private static string FrameworkDirectory => Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    private static IEnumerable<string> EngineAssemblies() =>
    [
        typeof(ReferenceCatalog).Assembly.Location,
        typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly.Location,
    ];

    private static IReadOnlyList<MetadataReference> CreateRuntimeReferences()
    {
        var list = new List<MetadataReference>();
        foreach (var dll in Directory.EnumerateFiles(FrameworkDirectory, "*.dll").Order(StringComparer.Ordinal))
            if (IsManaged(dll)) list.Add(FromFile(dll));
        list.AddRange(EngineAssemblies().Select(FromFile));
        return list;
    }

    private static IReadOnlyList<MetadataReference> CreateDocumentedReferences()
    {
        var refPack = FindReferencePack();
        if (refPack is null) return Runtime;
        var list = new List<MetadataReference>();
        foreach (var dll in Directory.EnumerateFiles(refPack, "*.dll").Order(StringComparer.Ordinal))
            list.Add(FromFile(dll));
        list.AddRange(EngineAssemblies().Select(FromFile));
        return list;
    }

    /// <summary>packs/Microsoft.NETCore.App.Ref/&lt;runtime version or nearest&gt;/ref/net&lt;major.minor&gt; beside the shared framework.</summary>
    private static string? FindReferencePack()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<ver>/ → <dotnet>/packs/Microsoft.NETCore.App.Ref/<ver>/ref/net10.0
        var root = Path.GetFullPath(Path.Combine(FrameworkDirectory, "..", "..", ".."));
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs)) return null;
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var candidates = Directory.EnumerateDirectories(packs)
            .Select(d => Path.Combine(d, "ref", tfm))
            .Where(Directory.Exists)
            .OrderByDescending(d => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d)))!, StringComparer.Ordinal)
            .ToList();
        var exact = candidates.FirstOrDefault(d => d.Contains(Path.DirectorySeparatorChar + Environment.Version.ToString() + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return exact ?? candidates.FirstOrDefault();
    }

    /// <summary>A (cached) file reference with the XML documentation file beside it, when there is one.</summary>
    public static MetadataReference FromFile(string path) => FileReferences.GetOrAdd(path, p =>
    {
        var xml = Path.ChangeExtension(p, ".xml");
        return MetadataReference.CreateFromFile(p, documentation: File.Exists(xml) ? XmlDocumentationProvider.CreateFromFile(xml) : null);
    });

    /// <summary>
    /// The path to reference for a package assembly: the framework's or the host's copy when the process already has an
    /// assembly with that simple name (so types such as the Formatter registry are shared, not loaded twice), else the file.
    /// Returns null for framework assemblies (already referenced).
    /// </summary>
    public static string? ReferencePathFor(string packageAssembly)
    {
        var name = Path.GetFileNameWithoutExtension(packageAssembly);
        if (File.Exists(Path.Combine(FrameworkDirectory, name + ".dll"))) return null;
        var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => !a.IsDynamic && string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase) && a.Location.Length > 0);
        if (loaded is not null) return loaded.Location;
        if (TrustedPlatformAssemblies.Value.TryGetValue(name, out var tpa)) return tpa;
        return packageAssembly;
    }

    /// <summary>Lets the default load context find managed and native dependencies in <paramref name="directory"/>.</summary>
    public static void AddProbeDirectory(string directory)
    {
        ProbeDirectories.TryAdd(Path.GetFullPath(directory), 0);
        if (Interlocked.Exchange(ref _hooked, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            foreach (var dir in ProbeDirectories.Keys)
            {
                var candidate = Path.Combine(dir, name.Name + ".dll");
                if (File.Exists(candidate)) return context.LoadFromAssemblyPath(candidate);
            }
            return null;
        };
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) =>
        {
            foreach (var dir in ProbeDirectories.Keys)
                foreach (var file in new[] { name, "lib" + name + ".so", name + ".so", "lib" + name })
                {
                    var candidate = Path.Combine(dir, file);
                    if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
                }
            return IntPtr.Zero;
        };
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
