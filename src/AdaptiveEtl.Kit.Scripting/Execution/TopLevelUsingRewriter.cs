using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AdaptiveEtl.Kit.Scripting.Execution;

/// <summary>
/// Makes <c>using var x = …;</c> (and <c>await using var …</c>) at the top level of a cell work: Roslyn scripting parses a
/// top-level <c>using</c> as a using directive and fails. The cell is parsed as regular top-level statements (where the
/// declaration is legal), the <c>using</c>/<c>await</c> keywords are blanked with spaces and
/// <see cref="SessionResources.Track"/> calls are appended after the semicolon, so lines and columns stay as written and the
/// variable lives on in later cells until the session ends (a notebook's resources should outlive the cell).
/// </summary>
internal static class TopLevelUsingRewriter
{
    private static readonly CSharpParseOptions RegularOptions = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Regular);

    public static string Rewrite(string code)
    {
        if (!code.Contains("using", StringComparison.Ordinal)) return code;
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, RegularOptions).GetRoot();
        var edits = new List<(TextSpan Span, string Text)>();
        foreach (var statement in root.Members.OfType<GlobalStatementSyntax>())
        {
            if (statement.Statement is not LocalDeclarationStatementSyntax { UsingKeyword.IsMissing: false } declaration
                || declaration.UsingKeyword.Span.Length == 0 || declaration.SemicolonToken.IsMissing)
                continue;
            if (!declaration.AwaitKeyword.IsKind(SyntaxKind.None))
                edits.Add((declaration.AwaitKeyword.Span, new string(' ', declaration.AwaitKeyword.Span.Length)));
            edits.Add((declaration.UsingKeyword.Span, new string(' ', declaration.UsingKeyword.Span.Length)));
            var track = string.Concat(declaration.Declaration.Variables.Select(v =>
                $" global::AdaptiveEtl.Kit.Scripting.Execution.SessionResources.Track({v.Identifier.Text});"));
            edits.Add((new TextSpan(declaration.SemicolonToken.Span.End, 0), track));
        }
        if (edits.Count == 0) return code;
        var sb = new StringBuilder(code);
        foreach (var (span, text) in edits.OrderByDescending(e => e.Span.Start))
            sb.Remove(span.Start, span.Length).Insert(span.Start, text);
        return sb.ToString();
    }
}
