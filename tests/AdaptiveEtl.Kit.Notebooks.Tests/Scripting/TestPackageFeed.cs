using System.IO.Compression;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

/// <summary>
/// A local NuGet feed in a temp folder holding a tiny package compiled in-process with Roslyn (no `dotnet pack`, so it is fast):
/// <c>Kit.Scripting.TestProbe</c> with <c>Kit.Scripting.TestProbe.Probe.Hello(name)</c> returning <c>"hello {name} {tag}"</c>.
/// </summary>
internal sealed class TestPackageFeed : IDisposable
{
    public const string PackageId = "Kit.Scripting.TestProbe";
    public const string Version = "1.0.0";

    public TestPackageFeed(string? root = null)
    {
        Root = root ?? ScriptingTestRoot.NewFolder();
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
    }

    public string Root { get; }

    public string Feed { get; }

    /// <summary>A package cache folder private to this feed's tests.</summary>
    public string Cache => Path.Combine(Root, "cache");

    /// <summary>(Re)writes the package with a <paramref name="tag"/> baked into Hello's result.</summary>
    public void Pack(string tag)
    {
        var dll = CompileProbe(PackageId, tag);
        var nupkg = Path.Combine(Feed, $"{PackageId}.{Version}.nupkg");
        if (File.Exists(nupkg)) File.Delete(nupkg);
        using (var zip = ZipFile.Open(nupkg, ZipArchiveMode.Create))
        {
            var nuspec = $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>{PackageId}</id>
                    <version>{Version}</version>
                    <authors>tests</authors>
                    <description>Scripting test probe ({tag})</description>
                    <dependencies><group targetFramework="net10.0" /></dependencies>
                  </metadata>
                </package>
                """;
            using (var w = new StreamWriter(zip.CreateEntry($"{PackageId}.nuspec").Open(), new UTF8Encoding(false))) w.Write(nuspec);
            using (var s = zip.CreateEntry($"lib/net10.0/{PackageId}.dll").Open()) s.Write(dll);
        }
        // a re-pack within the same second must still look different to the cache key (size may be equal)
        File.SetLastWriteTimeUtc(nupkg, DateTime.UtcNow.AddSeconds(Random.Shared.Next(1, 1000)));
    }

    /// <summary>An assembly named <paramref name="assemblyName"/> with <c>{assemblyName}.Probe.Hello(name)</c> returning <c>"hello {name} {tag}"</c>.</summary>
    public static byte[] CompileProbe(string assemblyName, string tag)
    {
        var code = $$"""
            namespace {{assemblyName}};
            /// <summary>Test probe.</summary>
            public static class Probe
            {
                /// <summary>Greets <paramref name="name"/>.</summary>
                public static string Hello(string name) => "hello " + name + " {{tag}}";
            }
            """;
        // compile against the reference pack's System.Runtime, as a real package is (a file-based app compiles against it too)
        var references = AdaptiveEtl.Kit.Scripting.Execution.ReferenceCatalog.Documented
            .Where(r => r.Display is { } d && Path.GetFileName(d) == "System.Runtime.dll");
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var dll = new MemoryStream();
        var emit = compilation.Emit(dll);
        if (!emit.Success) throw new InvalidOperationException(string.Join("\n", emit.Diagnostics));
        return dll.ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
