using System.Text;
using AdaptiveEtl.Kit.Scripting.Directives;
using AdaptiveEtl.Kit.Scripting.Notebooks;
using AdaptiveEtl.Kit.Scripting.Packages;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AdaptiveEtl.Kit.Scripting.Export;

/// <summary>
/// Exports a notebook's production steps — the cells tagged <c>production</c>, in order, with the first cell's directives and
/// usings and the <c>parameters</c> cell — to <c>&lt;out&gt;/&lt;name&gt;.csx</c> (dotnet-script / <see cref="ScriptRunner"/>) and
/// <c>&lt;out&gt;/&lt;name&gt;.cs</c> (a .NET 10 file-based app for <c>dotnet run</c>), where <c>&lt;name&gt;</c> is the notebook's
/// <c>metadata.adaptive_etl_kit.script</c>.
/// </summary>
/// <remarks>
/// Parameters become options (<c>--name value</c>, defaults from the notebook, <c>--help</c> lists them), parsed by a small
/// generated preamble that also sets the current directory to the notebook's folder, computed from the script's own location
/// with <c>[CallerFilePath]</c> (works for .csx, also when <c>#load</c>-ed, and for .cs), so relative paths written for the
/// notebook work whether the script is started from the repository root or from its own folder. Output is deterministic.
/// </remarks>
/// <example>
/// <code>
/// var scripts = ProductionStepExporter.Export("notebooks/forecast.ipynb", "scripts");
/// // scripts.CsxPath == ".../scripts/forecast.csx", scripts.CsPath == ".../scripts/forecast.cs"
/// </code>
/// </example>
public static class ProductionStepExporter
{
    /// <summary>The tag of the cells that are exported.</summary>
    public const string ProductionTag = "production";

    /// <summary>Renders (without writing) the scripts of <paramref name="notebookPath"/> as they would be written to <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="ScriptExportException">The notebook has no script name, or a production cell cannot be exported (names the cell).</exception>
    public static ExportedScripts Render(string notebookPath, string outputDirectory)
    {
        var full = Path.GetFullPath(notebookPath);
        return Render(NotebookDocument.Load(full), full, outputDirectory);
    }

    /// <summary>Renders the scripts of an already loaded notebook located at <paramref name="notebookPath"/>.</summary>
    public static ExportedScripts Render(NotebookDocument notebook, string notebookPath, string outputDirectory)
    {
        var nbFull = Path.GetFullPath(notebookPath);
        var outDir = Path.GetFullPath(outputDirectory);
        var name = notebook.ScriptName;
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('.'))
            throw new ScriptExportException($"{nbFull}: metadata.adaptive_etl_kit.script must name the exported script (a file name without extension), found '{name}'");
        var model = ExportModel.Build(notebook, nbFull, outDir);
        return new ExportedScripts(name,
            Path.Combine(outDir, name + ".csx"), RenderCsx(model),
            Path.Combine(outDir, name + ".cs"), RenderCs(model));
    }

    /// <summary>Exports one notebook into <paramref name="outputDirectory"/> (files written atomically) and returns what was written.</summary>
    public static ExportedScripts Export(string notebookPath, string outputDirectory)
    {
        var scripts = Render(notebookPath, outputDirectory);
        Directory.CreateDirectory(Path.GetFullPath(outputDirectory));
        WriteAtomically(scripts.CsxPath, scripts.CsxContent);
        WriteAtomically(scripts.CsPath, scripts.CsContent);
        return scripts;
    }

    /// <summary>Exports every notebook of <paramref name="notebooksDirectory"/> that names a script (others are skipped).</summary>
    public static IReadOnlyList<ExportedScripts> ExportAll(string notebooksDirectory, string outputDirectory) =>
        ExportableNotebooks(notebooksDirectory).Select(nb => Export(nb, outputDirectory)).ToList();

    /// <summary>
    /// The script files under <paramref name="scriptsDirectory"/> that differ from (or are missing compared with) a fresh export
    /// of the notebooks in <paramref name="notebooksDirectory"/>: empty when every committed script is up to date.
    /// </summary>
    public static IReadOnlyList<string> FindStaleScripts(string notebooksDirectory, string scriptsDirectory)
    {
        var stale = new List<string>();
        foreach (var nb in ExportableNotebooks(notebooksDirectory))
        {
            var s = Render(nb, scriptsDirectory);
            foreach (var (path, content) in new[] { (s.CsxPath, s.CsxContent), (s.CsPath, s.CsContent) })
                if (!File.Exists(path) || File.ReadAllText(path) != content) stale.Add(path);
        }
        return stale;
    }

    /// <summary>The .ipynb files of a folder (sorted) whose metadata names a script.</summary>
    public static IReadOnlyList<string> ExportableNotebooks(string notebooksDirectory) =>
        Directory.EnumerateFiles(notebooksDirectory, "*.ipynb")
            .Where(p => !Path.GetFileName(p).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Where(p => NotebookDocument.Load(p).ScriptName is { Length: > 0 })
            .ToList();

    private static void WriteAtomically(string path, string content)
    {
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temp, content, new UTF8Encoding(false));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static string Header(ExportModel m, string commentPrefix) =>
        $"""
        {commentPrefix} <auto-generated>
        {commentPrefix}   Generated by `kit export` from {m.NotebookDisplayPath} (cells tagged "production", plus its first cell and its parameters).
        {commentPrefix}   Do not edit by hand: edit the notebook, then run `kit export {m.NotebookDisplayPath} --out {m.OutputDisplayPath}`.
        {commentPrefix}   Options: {(m.Parameters.Count == 0 ? "none" : string.Join(" ", m.Parameters.Select(p => $"--{p.Name} <{p.TypeName}>")))} (--help lists the defaults).
        {commentPrefix} </auto-generated>

        """;

    private static string RenderCsx(ExportModel m)
    {
        var sb = new StringBuilder();
        sb.Append(Header(m, "//"));
        foreach (var feed in m.Feeds) sb.Append($"#i \"nuget: {feed}\"\n");
        foreach (var p in m.Packages) sb.Append(p.Version is null ? $"#r \"nuget: {p.Id}\"\n" : $"#r \"nuget: {p.Id}, {p.Version}\"\n");
        foreach (var a in m.AssemblyReferences) sb.Append($"#r \"{a}\"\n");
        foreach (var l in m.Loads) sb.Append($"#load \"{l}\"\n");
        AppendUsings(sb, m);
        AppendPreamble(sb, m, "Args", "return 0;", "return 2;");
        AppendCells(sb, m, includeTypes: true);
        return sb.ToString();
    }

    private static string RenderCs(ExportModel m)
    {
        if (m.Loads.Count > 0)
            throw new ScriptExportException($"{m.NotebookPath}: #load cannot be exported to a file-based .cs app ({string.Join(", ", m.Loads)})");
        var sb = new StringBuilder("#!/usr/bin/env dotnet\n");
        sb.Append(Header(m, "//"));
        foreach (var p in m.Packages) sb.Append($"#:package {p.Id}@{p.Version ?? "*"}\n");
        // File-based apps default to PublishAot=true, which disables reflection-based serialization the kit relies on.
        sb.Append("#:property PublishAot=false\n");
        // The app imports the repository's Directory.Build.props / Directory.Packages.props: opt out of central package
        // versions (NU1008 on #:package versions) and of the library build rules (XML docs on every public member as errors).
        sb.Append("#:property ManagePackageVersionsCentrally=false\n");
        sb.Append("#:property TreatWarningsAsErrors=false\n");
        sb.Append("#:property GenerateDocumentationFile=false\n");
        var feeds = m.Feeds.Concat(m.ConfigFeeds).ToList();
        if (feeds.Count > 0)
        {
            sb.Append($"#:property RestoreAdditionalProjectSources={string.Join("%3B", feeds)}\n");
            // Locally packed packages (AdaptiveEtl.Kit 0.1.0) must not land in the global packages folder, where a re-pack would
            // not replace them: restore into a folder beside the feed; everything else comes from the global folder as fallback.
            sb.Append($"#:property RestorePackagesPath={m.ScriptPackagesFolder}\n");
            sb.Append("#:property RestoreFallbackFolders=$([MSBuild]::ValueOrDefault('$(NUGET_PACKAGES)', '$(HOME)/.nuget/packages'))\n");
            // A re-pack keeps version 0.1.0 but may add dependencies: NuGet's no-op restore would keep the cached dependency
            // graph of the script's build folder and the app would miss the new assemblies at run time. Whenever the script
            // is built, resolve its graph again (an unchanged script is not rebuilt, so this costs nothing on plain re-runs).
            sb.Append("#:property RestoreForce=true\n");
        }
        foreach (var a in m.AssemblyReferences)
            throw new ScriptExportException($"{m.NotebookPath}: #r \"{a}\" (an assembly path) cannot be exported to a file-based .cs app; reference a package instead");
        AppendUsings(sb, m);
        AppendPreamble(sb, m, "args", "Environment.Exit(0);", "Environment.Exit(2);");
        AppendCells(sb, m, includeTypes: false);
        if (m.Types.Count > 0)
        {
            sb.Append("\n// ---- types declared in the exported cells (C# requires them after the top-level statements) ----\n");
            foreach (var t in m.Types) sb.Append(ExportModel.TrimLeadingBlankLines(t).TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }

    private static void AppendUsings(StringBuilder sb, ExportModel m)
    {
        if (m.Usings.Count == 0) return;
        sb.Append('\n');
        foreach (var u in m.Usings) sb.Append(u).Append('\n');
    }

    private static void AppendPreamble(StringBuilder sb, ExportModel m, string argsName, string helpExit, string errorExit)
    {
        sb.Append("\n// ---- parameters: the notebook's values are the defaults ----\n");
        foreach (var p in m.Parameters) sb.Append(p.Declaration(p.DefaultValue)).Append('\n');
        sb.Append("\n// ---- generated preamble: options, then run from the notebook's folder so its relative paths work ----\n");
        sb.Append("static string KitExportScriptDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = \"\") => System.IO.Path.GetDirectoryName(path)!;\n");
        sb.Append($"for (var kitArg = 0; kitArg < {argsName}.{(argsName == "Args" ? "Count" : "Length")}; kitArg++)\n{{\n");
        sb.Append($"    var kitOption = {argsName}[kitArg];\n");
        sb.Append("    if (kitOption is \"--help\" or \"-h\")\n    {\n");
        sb.Append($"        Console.WriteLine({SyntaxFactory.Literal($"Usage: {m.ScriptName} [options]   (exported from {m.NotebookDisplayPath})")});\n");
        foreach (var p in m.Parameters)
            sb.Append($"        Console.WriteLine({SyntaxFactory.Literal($"  --{p.Name} <{p.TypeName}>   default: {p.ToLiteral(p.DefaultValue)}")});\n");
        sb.Append($"        {helpExit}\n    }}\n");
        sb.Append($"    if (kitArg + 1 >= {argsName}.{(argsName == "Args" ? "Count" : "Length")} || !kitOption.StartsWith(\"--\", StringComparison.Ordinal))\n    {{\n");
        sb.Append($"        Console.Error.WriteLine($\"{m.ScriptName}: unknown option or missing value: {{kitOption}} (see --help)\");\n        {errorExit}\n    }}\n");
        sb.Append($"    var kitValue = {argsName}[++kitArg];\n");
        sb.Append("    switch (kitOption)\n    {\n");
        // `return 2;` (csx) ends the case; Environment.Exit (cs) is not known to the compiler as not returning, so it needs `break;`
        var endCase = errorExit.StartsWith("return", StringComparison.Ordinal) ? "" : "\n            break;";
        foreach (var p in m.Parameters)
        {
            var tryParse = p.TypeName switch
            {
                "string" => null,
                "bool" => $"bool.TryParse(kitValue, out {p.Name})",
                "double" => $"double.TryParse(kitValue, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out {p.Name})",
                _ => $"{p.TypeName}.TryParse(kitValue, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out {p.Name})",
            };
            if (tryParse is null)
            {
                sb.Append($"        case \"--{p.Name}\": {p.Name} = kitValue; break;\n");
                continue;
            }
            // a malformed value is bad input: a message and exit code 2 (KitExitCode.BadInput), never an unhandled exception
            sb.Append($"        case \"--{p.Name}\":\n            if ({tryParse}) break;\n");
            sb.Append($"            Console.Error.WriteLine($\"{m.ScriptName}: --{p.Name} expects {(p.TypeName == "int" ? "an" : "a")} {p.TypeName}, got '{{kitValue}}'\");\n            {errorExit}{endCase}\n");
        }
        sb.Append($"        default:\n            Console.Error.WriteLine($\"{m.ScriptName}: unknown option {{kitOption}} (see --help)\");\n            {errorExit}{endCase}\n");
        sb.Append("    }\n}\n");
        // in the repository, relative paths resolve as in the notebook; a script copied elsewhere runs from the current directory
        sb.Append($"var kitNotebookDirectory = System.IO.Path.GetFullPath(System.IO.Path.Combine(KitExportScriptDirectory(), {SyntaxFactory.Literal(m.NotebookDirectoryFromScripts)}));\n");
        sb.Append("if (System.IO.Directory.Exists(kitNotebookDirectory)) System.IO.Directory.SetCurrentDirectory(kitNotebookDirectory);\n");
    }

    private static void AppendCells(StringBuilder sb, ExportModel m, bool includeTypes)
    {
        foreach (var cell in m.Cells)
        {
            if (!cell.Parts.Any(p => includeTypes || !p.IsType)) continue;
            sb.Append($"\n// ---- notebook cell {cell.Index} ----\n");
            foreach (var part in cell.Parts)
                if (includeTypes || !part.IsType) sb.Append(part.Text);
            if (sb.Length > 0 && sb[^1] != '\n') sb.Append('\n');
        }
    }

    /// <summary>What the two renderings share: directives, usings, parameters and cell bodies.</summary>
    private sealed class ExportModel
    {
        public required string NotebookPath { get; init; }
        public required string NotebookDisplayPath { get; init; }
        public required string OutputDisplayPath { get; init; }
        public required string ScriptName { get; init; }
        public required string NotebookDirectoryFromScripts { get; init; }
        public string ScriptPackagesFolder { get; set; } = "";
        public List<string> Feeds { get; } = [];
        public List<string> ConfigFeeds { get; } = [];
        public List<PackageRequest> Packages { get; } = [];
        public List<string> AssemblyReferences { get; } = [];
        public List<string> Loads { get; } = [];
        public List<string> Usings { get; } = [];
        public List<NotebookParameter> Parameters { get; } = [];
        public List<ExportedCell> Cells { get; } = [];
        public List<string> Types { get; } = [];

        public static ExportModel Build(NotebookDocument nb, string nbPath, string outDir)
        {
            var nbDir = Path.GetDirectoryName(nbPath)!;
            var root = FindRepositoryRoot(nbDir);
            string Display(string p) => (root is null ? Path.GetRelativePath(Directory.GetCurrentDirectory(), p) : Path.GetRelativePath(root, p)).Replace('\\', '/');
            string FromScripts(string absolute) => Path.GetRelativePath(outDir, absolute).Replace('\\', '/');
            var m = new ExportModel
            {
                NotebookPath = nbPath,
                NotebookDisplayPath = Display(nbPath),
                OutputDisplayPath = Display(outDir) + "/",
                ScriptName = nb.ScriptName!,
                NotebookDirectoryFromScripts = FromScripts(nbDir),
            };
            var codeCells = nb.Cells.Select((c, i) => (Cell: c, Index: i)).Where(x => x.Cell.CellType == NotebookCellType.Code).ToList();
            if (codeCells.Count == 0) throw new ScriptExportException($"{nbPath}: the notebook has no code cells");
            var first = codeCells[0];
            var parameters = codeCells.FirstOrDefault(x => x.Cell.HasTag(NotebookParameter.ParametersTag));
            var production = codeCells.Where(x => x.Cell.HasTag(ProductionTag) && x.Index != first.Index).ToList();
            if (parameters.Cell is not null)
            {
                production.RemoveAll(x => x.Index == parameters.Index);
                try
                {
                    m.Parameters.AddRange(NotebookParameter.Parse(parameters.Cell.Source));
                }
                catch (FormatException e)
                {
                    throw new ScriptExportException($"{nbPath}: cell {parameters.Index}: {e.Message}", e);
                }
            }
            if (production.Count == 0) throw new ScriptExportException($"{nbPath}: no code cell is tagged 'production'");

            string? feedFolder = null;
            foreach (var (cell, index) in production.Prepend(first))
            {
                DirectiveParser.ParsedCell parsed;
                try
                {
                    parsed = DirectiveParser.Parse(cell.Source);
                }
                catch (FormatException e)
                {
                    throw new ScriptExportException($"{nbPath}: cell {index}: {e.Message}", e);
                }
                foreach (var d in parsed.Directives)
                {
                    switch (d.Kind)
                    {
                        case DirectiveKind.PackageSource when NuGetPackageResolver.IsUrl(d.Value):
                            if (!m.Feeds.Contains(d.Value)) m.Feeds.Add(d.Value);
                            break;
                        case DirectiveKind.PackageSource:
                            var abs = Path.GetFullPath(Path.Combine(nbDir, d.Value));
                            feedFolder ??= abs;
                            var rel = FromScripts(abs);
                            if (!m.Feeds.Contains(rel)) m.Feeds.Add(rel);
                            break;
                        case DirectiveKind.NuGetReference:
                            if (!m.Packages.Any(p => string.Equals(p.Id, d.Value, StringComparison.OrdinalIgnoreCase))) m.Packages.Add(new PackageRequest(d.Value, d.Version));
                            break;
                        case DirectiveKind.AssemblyReference:
                            m.AssemblyReferences.Add(FromScripts(Path.GetFullPath(Path.Combine(nbDir, d.Value))));
                            break;
                        case DirectiveKind.Load:
                            m.Loads.Add(FromScripts(Path.GetFullPath(Path.Combine(nbDir, d.Value))));
                            break;
                    }
                }
                m.Cells.Add(SplitCell(m, parsed.Code, index, nbPath, isProduction: index != first.Index));
            }
            // Local feeds of the notebook folder's NuGet.Config (how the kit's notebooks find artifacts/packages in every host):
            // the .cs app names them so that it restores the kit beside them; the .csx needs no #i, dotnet-script reads NuGet.Config.
            foreach (var source in NuGetConfigSources.From(nbDir).Where(s => !NuGetPackageResolver.IsUrl(s)))
            {
                feedFolder ??= source;
                var rel = FromScripts(source);
                if (!m.Feeds.Contains(rel) && !m.ConfigFeeds.Contains(rel)) m.ConfigFeeds.Add(rel);
            }
            // artifacts/packages → artifacts/script-packages: beside the feed, never the global packages folder
            if (feedFolder is not null) m.ScriptPackagesFolder = FromScripts(Path.Combine(Path.GetDirectoryName(feedFolder.TrimEnd('/'))!, "script-packages"));
            return m;
        }

        private static string? FindRepositoryRoot(string start)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "AdaptiveEtl.Kit.sln")) || Directory.Exists(Path.Combine(dir.FullName, ".git"))) return dir.FullName;
            return null;
        }

        private static ExportedCell SplitCell(ExportModel m, string code, int index, string nbPath, bool isProduction)
        {
            var tree = CSharpSyntaxTree.ParseText(code, ScriptSession.ScriptParseOptions);
            var unit = (CompilationUnitSyntax)tree.GetRoot();
            var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                var pos = errors[0].Location.GetLineSpan().StartLinePosition;
                throw new ScriptExportException($"{nbPath}: cell {index} does not parse ({pos.Line + 1},{pos.Character + 1}): {errors[0].GetMessage()}");
            }
            if (isProduction)
            {
                var display = unit.DescendantNodes().OfType<InvocationExpressionSyntax>()
                    .FirstOrDefault(i => i.Expression is IdentifierNameSyntax { Identifier.Text: "display" });
                if (display is not null)
                    throw new ScriptExportException($"{nbPath}: production cell {index} calls display(...) (line {display.GetLocation().GetLineSpan().StartLinePosition.Line + 1}); production cells must print with Console.WriteLine or write files");
                if (unit.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } })
                    throw new ScriptExportException($"{nbPath}: production cell {index} ends with an expression without ';' (a notebook result); print it with Console.WriteLine instead");
            }
            foreach (var u in unit.Usings)
            {
                var text = u.WithoutTrivia().ToFullString();
                if (!m.Usings.Contains(text)) m.Usings.Add(text);
            }
            var parts = new List<CellPart>();
            foreach (var member in unit.Members)
            {
                var isType = member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax or BaseNamespaceDeclarationSyntax;
                var text = member.ToFullString();
                if (isType) m.Types.Add(text);
                parts.Add(new CellPart(TrimLeadingBlankLines(text), isType));
            }
            var trailing = unit.EndOfFileToken.LeadingTrivia.ToFullString();
            if (trailing.Trim().Length > 0) parts.Add(new CellPart(TrimLeadingBlankLines(trailing), false));
            return new ExportedCell(index, parts);
        }

        internal static string TrimLeadingBlankLines(string s)
        {
            var lines = s.Replace("\r\n", "\n").Split('\n').ToList();
            while (lines.Count > 1 && lines[0].Trim().Length == 0) lines.RemoveAt(0);
            return string.Join("\n", lines);
        }
    }

    private sealed record ExportedCell(int Index, IReadOnlyList<CellPart> Parts);

    private sealed record CellPart(string Text, bool IsType);
}
