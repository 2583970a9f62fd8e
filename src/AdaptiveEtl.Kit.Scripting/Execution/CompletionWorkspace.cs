using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace AdaptiveEtl.Kit.Scripting.Execution;

/// <summary>
/// Completion and inspection with Roslyn's <see cref="CompletionService"/> (Microsoft.CodeAnalysis.CSharp.Features): an
/// <see cref="AdhocWorkspace"/> holds one script document made of the session's accepted cells followed by the cell being edited,
/// compiled against the reference pack (which carries the BCL's XML documentation) plus the session's package references.
/// </summary>
internal sealed class CompletionWorkspace : IDisposable
{
    private static readonly Lazy<MefHostServices> Host = new(() => MefHostServices.DefaultHost);
    private readonly AdhocWorkspace _workspace = new(Host.Value);
    private readonly IReadOnlyList<string> _imports;

    public CompletionWorkspace(IReadOnlyList<string> imports) => _imports = imports;

    private Document CreateDocument(string text, IReadOnlyList<MetadataReference> extra)
    {
        var projectId = ProjectId.CreateNewId();
        var project = ProjectInfo.Create(projectId, VersionStamp.Create(), "cells", "cells", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: _imports),
            parseOptions: ScriptSession.ScriptParseOptions,
            metadataReferences: ReferenceCatalog.Documented.Concat(extra),
            isSubmission: true,
            hostObjectType: typeof(ScriptGlobals));
        // an immutable snapshot, never applied to the workspace: concurrent requests do not interfere
        var solution = _workspace.CurrentSolution.AddProject(project)
            .AddDocument(DocumentId.CreateNewId(projectId), "cell.csx", SourceText.From(text));
        return solution.Projects.Single().Documents.Single();
    }

    public async Task<IReadOnlyList<CompletionItem>> CompleteAsync(string prefix, string cell, int cursor, IReadOnlyList<MetadataReference> extra, CancellationToken ct)
    {
        cursor = Math.Clamp(cursor, 0, cell.Length);
        var offset = prefix.Length == 0 ? 0 : prefix.Length + 1;
        var text = prefix.Length == 0 ? cell : prefix + "\n" + cell;
        var document = CreateDocument(text, extra);
        var service = CompletionService.GetService(document);
        if (service is null) return [];
        var completions = await service.GetCompletionsAsync(document, offset + cursor, cancellationToken: ct).ConfigureAwait(false);
        var word = WordBefore(cell, cursor);
        return completions.ItemsList
            .Where(i => word.Length == 0 || i.FilterText.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(i => new CompletionItem(i.DisplayText + i.DisplayTextSuffix,
                i.Properties.TryGetValue("InsertionText", out var insert) ? insert : i.DisplayText,
                i.Tags.FirstOrDefault() ?? ""))
            .ToList();
    }

    public async Task<InspectionResult?> InspectAsync(string prefix, string cell, int cursor, IReadOnlyList<MetadataReference> extra, CancellationToken ct)
    {
        cursor = Math.Clamp(cursor, 0, cell.Length);
        var offset = prefix.Length == 0 ? 0 : prefix.Length + 1;
        var text = prefix.Length == 0 ? cell : prefix + "\n" + cell;
        var document = CreateDocument(text, extra);
        var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        if (model is null || root is null) return null;
        var position = offset + cursor;
        var token = root.FindToken(Math.Max(0, position - (position > 0 && (position >= text.Length || !IsIdentifierChar(text[position])) ? 1 : 0)));
        for (var node = token.Parent; node is not null; node = node.Parent)
        {
            var info = model.GetSymbolInfo(node, ct);
            var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault() ?? model.GetDeclaredSymbol(node, ct);
            if (symbol is null) continue;
            return new InspectionResult(symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), Summary(symbol, ct));
        }
        return null;
    }

    private static string? Summary(ISymbol symbol, CancellationToken ct)
    {
        var xml = symbol.GetDocumentationCommentXml(cancellationToken: ct);
        if (string.IsNullOrWhiteSpace(xml) && symbol.OriginalDefinition is { } def && !SymbolEqualityComparer.Default.Equals(def, symbol))
            xml = def.GetDocumentationCommentXml(cancellationToken: ct);
        if (string.IsNullOrWhiteSpace(xml)) return null;
        try
        {
            var doc = XDocument.Parse(xml.Trim().StartsWith("<member", StringComparison.Ordinal) ? xml : $"<member>{xml}</member>");
            var summary = doc.Descendants("summary").FirstOrDefault();
            if (summary is null) return null;
            var parts = summary.Nodes().Select(n => n switch
            {
                XText t => t.Value,
                XElement e when e.Attribute("cref") is { } cref => cref.Value.Length > 2 && cref.Value[1] == ':' ? cref.Value[2..] : cref.Value,
                XElement e when e.Attribute("langword") is { } lw => lw.Value,
                XElement e when e.Attribute("name") is { } paramName => paramName.Value,
                XElement e => e.Value,
                _ => "",
            });
            return string.Join(" ", string.Concat(parts).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
        catch (System.Xml.XmlException)
        {
            return xml.Trim();
        }
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static string WordBefore(string text, int cursor)
    {
        var start = cursor;
        while (start > 0 && IsIdentifierChar(text[start - 1])) start--;
        return text[start..cursor];
    }

    public void Dispose() => _workspace.Dispose();
}
