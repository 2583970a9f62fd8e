using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AdaptiveEtl.Kit.Scripting.Directives;

/// <summary>
/// What dotnet-script accepts in a <c>.csx</c>, for <see cref="ScriptMode.StrictDotnetScript"/>: the file is parsed the way
/// dotnet-script parses it (Roslyn, <c>LanguageVersion.Latest</c>, <c>SourceCodeKind.Script</c>; dotnet-script's
/// <c>ScriptCompiler.ParseOptions</c>, github.com/dotnet-script/dotnet-script src/Dotnet.Script.Core/ScriptCompiler.cs) and every
/// directive is checked: <c>#!</c> only as the first line (Roslyn's shebang), <c>#r "path"</c>, <c>#r "nuget: Id[, Version]"</c>
/// in dotnet-script's package syntax (its <c>ScriptParser</c> pattern, src/Dotnet.Script.DependencyModel/ProjectSystem/ScriptParserInternal.cs),
/// <c>#load "file"</c> and the C# preprocessor directives; <c>#i</c> (a .NET Interactive directive: dotnet-script reads package
/// sources from a <c>NuGet.Config</c> beside the script instead), .NET Interactive magics (<c>#!csharp</c>, <c>#!time</c>), file-based
/// app directives (<c>#:package</c>) and anything else are rejected with their line.
/// </summary>
/// <example>
/// <code>
/// var problems = DotnetScriptCompatibility.Problems(File.ReadAllText("scripts/drift-check.csx"));   // empty when dotnet-script accepts it
/// </code>
/// </example>
public static partial class DotnetScriptCompatibility
{
    /// <summary>
    /// The namespaces dotnet-script imports into every script (<c>ScriptCompiler.ImportedNamespaces</c>,
    /// src/Dotnet.Script.Core/ScriptCompiler.cs). Unlike the kit's notebook defaults there is no <c>System.Net.Http</c> and no
    /// <c>System.Threading</c>: a script that needs them must say <c>using</c>. (<c>System.Console</c> is a type: Roslyn imports its
    /// static members, so <c>WriteLine("x")</c> compiles.)
    /// </summary>
    public static readonly IReadOnlyList<string> Imports =
    [
        "System", "System.IO", "System.Collections.Generic", "System.Console", "System.Diagnostics", "System.Dynamic", "System.Linq",
        "System.Linq.Expressions", "System.Text", "System.Threading.Tasks",
    ];

    /// <summary>dotnet-script's parse options: <c>new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script)</c>.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    // dotnet-script's package reference: nuget:<hws>(\w+(?:[_.-]\w+)*)(?:<hws>,<hws>(.+?))?  (ScriptParserInternal.NuGetPattern)
    [GeneratedRegex(@"^nuget:[\x20\t]*(\w+(?:[_.-]\w+)*)(?:[\x20\t]*,[\x20\t]*(.+?))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NuGetReference();

    /// <summary>
    /// Why dotnet-script would reject <paramref name="code"/>, one message per problem, each starting with its 1-based
    /// <c>line N:</c>; empty when it would accept the directives and the syntax. (Binding errors, such as a namespace missing from
    /// <see cref="Imports"/>, show when the script is compiled with those imports.)
    /// </summary>
    public static IReadOnlyList<string> Problems(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var tree = CSharpSyntaxTree.ParseText(code, ParseOptions);
        var root = tree.GetRoot();
        var problems = new List<(int Line, string Message)>();
        var badLines = new HashSet<int>();
        foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
        {
            if (!trivia.IsDirective) continue;
            var line = trivia.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            var text = trivia.ToString().Trim();
            switch (trivia.GetStructure())
            {
                case ShebangDirectiveTriviaSyntax when trivia.SpanStart == 0:
                    break;
                case ReferenceDirectiveTriviaSyntax r when r.File.ValueText.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase):
                    if (!NuGetReference().IsMatch(r.File.ValueText.Trim()))
                        problems.Add((line, $"line {line}: {text} is not a package reference dotnet-script understands (#r \"nuget: <Id>, <Version>\")"));
                    break;
                case ReferenceDirectiveTriviaSyntax or LoadDirectiveTriviaSyntax:
                    break;
                case IfDirectiveTriviaSyntax or ElifDirectiveTriviaSyntax or ElseDirectiveTriviaSyntax or EndIfDirectiveTriviaSyntax
                    or DefineDirectiveTriviaSyntax or UndefDirectiveTriviaSyntax or RegionDirectiveTriviaSyntax or EndRegionDirectiveTriviaSyntax
                    or PragmaWarningDirectiveTriviaSyntax or PragmaChecksumDirectiveTriviaSyntax or NullableDirectiveTriviaSyntax
                    or LineDirectiveTriviaSyntax or LineSpanDirectiveTriviaSyntax or ErrorDirectiveTriviaSyntax or WarningDirectiveTriviaSyntax:
                    break;
                default:
                    badLines.Add(line);
                    problems.Add((line, $"line {line}: {text} is not a dotnet-script directive{Hint(text)}"));
                    break;
            }
        }
        foreach (var d in tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            var line = d.Location.GetLineSpan().StartLinePosition.Line + 1;
            if (!badLines.Contains(line)) problems.Add((line, $"line {line}: {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
        }
        return problems.OrderBy(p => p.Line).Select(p => p.Message).ToList();
    }

    private static string Hint(string directive) => directive switch
    {
        _ when directive.StartsWith("#i ", StringComparison.Ordinal) || directive == "#i" =>
            " (#i is .NET Interactive's; dotnet-script reads package sources from a NuGet.Config beside the script)",
        _ when directive.StartsWith("#!", StringComparison.Ordinal) => " (#! is only a shebang on the first line; #!csharp-style magics are .NET Interactive's)",
        _ when directive.StartsWith("#:", StringComparison.Ordinal) => " (#: directives belong to .NET 10 file-based apps, .cs files)",
        _ => "",
    };
}
