using AdaptiveEtl.Kit.Scripting.Directives;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

public sealed class DirectiveParserTests
{
    [Fact]
    public void Parses_nuget_source_assembly_and_load_directives_and_blanks_handled_lines()
    {
        var cell = "#i \"nuget: ../artifacts/packages\"\n#r \"nuget: AdaptiveEtl.Kit, 0.1.0\"\n  #r \"nuget:Plotly.NET\"\n#r \"lib/x.dll\"\n#load \"helpers.csx\"\nvar x = 1;";
        var parsed = DirectiveParser.Parse(cell);
        Assert.Equal(
            [
                new CellDirective(DirectiveKind.PackageSource, "../artifacts/packages", null, 0, "#i \"nuget: ../artifacts/packages\""),
                new CellDirective(DirectiveKind.NuGetReference, "AdaptiveEtl.Kit", "0.1.0", 1, "#r \"nuget: AdaptiveEtl.Kit, 0.1.0\""),
                new CellDirective(DirectiveKind.NuGetReference, "Plotly.NET", null, 2, "#r \"nuget:Plotly.NET\""),
                new CellDirective(DirectiveKind.AssemblyReference, "lib/x.dll", null, 3, "#r \"lib/x.dll\""),
                new CellDirective(DirectiveKind.Load, "helpers.csx", null, 4, "#load \"helpers.csx\""),
            ],
            parsed.Directives);
        // #r / #i lines become spaces (lines, columns and offsets stay as written); #load stays for Roslyn
        Assert.Equal(cell.Length, parsed.Code.Length);
        Assert.Equal(["", "", "", "", "#load \"helpers.csx\"", "var x = 1;"], parsed.Code.Split('\n').Select(l => l.TrimEnd()));
    }

    [Theory]
    [InlineData("#r \"nuget: \"")]
    [InlineData("#r \"nuget: A B, 1.0\"")]
    [InlineData("#r \"nuget: A, 1.0, extra\"")]
    [InlineData("#i \"nuget:\"")]
    public void Malformed_directives_name_the_line(string line)
    {
        var e = Assert.Throws<FormatException>(() => DirectiveParser.Parse("var a = 1;\n" + line));
        Assert.StartsWith("line 2:", e.Message);
    }

    [Fact]
    public void Directive_like_text_inside_code_is_not_a_directive()
    {
        var parsed = DirectiveParser.Parse("var s = \"#r \\\"nuget: X\\\"\";\n// #r \"nuget: Y\"");
        Assert.Empty(parsed.Directives);
    }
}
