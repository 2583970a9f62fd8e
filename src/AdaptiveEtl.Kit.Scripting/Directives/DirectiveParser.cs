using System.Text;
using System.Text.RegularExpressions;

namespace AdaptiveEtl.Kit.Scripting.Directives;

/// <summary>
/// Finds <c>#r</c>, <c>#i</c> and <c>#load</c> directives in a cell (lines whose first non-blank characters are the directive,
/// as in .NET Interactive and dotnet-script) and returns the code with the engine-handled directives blanked out, so
/// positions in diagnostics stay cell-relative.
/// </summary>
public static partial class DirectiveParser
{
    /// <summary>The result of <see cref="Parse"/>.</summary>
    /// <param name="Directives">The directives in order of appearance.</param>
    /// <param name="Code">
    /// The cell with <c>#r</c>/<c>#i</c> lines replaced by spaces, so lines, columns and offsets (completion cursors) stay as
    /// written (<c>#load</c> lines are kept for Roslyn).
    /// </param>
    public sealed record ParsedCell(IReadOnlyList<CellDirective> Directives, string Code);

    [GeneratedRegex("""^\s*#(?<kind>r|i|load)\s+"(?<arg>[^"]*)"\s*(//.*)?$""")]
    private static partial Regex DirectiveLine();

    /// <summary>Parses the directives of <paramref name="cell"/>.</summary>
    /// <exception cref="FormatException">A <c>#r "nuget:"</c> or <c>#i</c> directive is malformed; the message names the line.</exception>
    public static ParsedCell Parse(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var lines = cell.Replace("\r\n", "\n").Split('\n');
        var directives = new List<CellDirective>();
        var code = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var m = DirectiveLine().Match(line);
            var keep = true;
            if (m.Success)
            {
                var kind = m.Groups["kind"].Value;
                var arg = m.Groups["arg"].Value.Trim();
                var text = line.Trim();
                switch (kind)
                {
                    case "r" when arg.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase):
                        var spec = arg["nuget:".Length..].Trim();
                        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
                        if (parts.Length is < 1 or > 2 || parts[0].Length == 0 || parts[0].Any(char.IsWhiteSpace) || (parts.Length == 2 && parts[1].Length == 0))
                            throw new FormatException($"line {i + 1}: expected #r \"nuget: <PackageId>[, <Version>]\" but found {text}");
                        directives.Add(new CellDirective(DirectiveKind.NuGetReference, parts[0], parts.Length == 2 ? parts[1] : null, i, text));
                        keep = false;
                        break;
                    case "r":
                        directives.Add(new CellDirective(DirectiveKind.AssemblyReference, arg, null, i, text));
                        keep = false;
                        break;
                    case "i":
                        var source = arg.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) ? arg["nuget:".Length..].Trim() : arg;
                        if (source.Length == 0) throw new FormatException($"line {i + 1}: expected #i \"nuget: <folder or url>\" but found {text}");
                        directives.Add(new CellDirective(DirectiveKind.PackageSource, source, null, i, text));
                        keep = false;
                        break;
                    case "load":
                        directives.Add(new CellDirective(DirectiveKind.Load, arg, null, i, text));
                        break;
                }
            }
            if (i > 0) code.Append('\n');
            code.Append(keep ? line : new string(' ', line.Length));
        }
        return new ParsedCell(directives, code.ToString());
    }
}
