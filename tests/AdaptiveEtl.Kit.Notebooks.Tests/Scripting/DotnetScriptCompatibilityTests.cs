using System.Xml.Linq;
using AdaptiveEtl.Kit.Scripting;
using AdaptiveEtl.Kit.Scripting.Directives;
using AdaptiveEtl.Kit.Scripting.Export;
using AdaptiveEtl.Kit.Scripting.Notebooks;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

/// <summary>
/// The engine's strict dotnet-script mode and what the exporter writes for dotnet-script. What dotnet-script accepts is taken
/// from its sources (github.com/dotnet-script/dotnet-script: ScriptCompiler.ParseOptions and ImportedNamespaces,
/// ScriptParserInternal's nuget pattern) and from issue 16's run of the exported scripts there (CS1024 at every #i line).
/// </summary>
public sealed class DotnetScriptCompatibilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Directives_dotnet_script_does_not_know_are_reported_with_their_line()
    {
        var problems = DotnetScriptCompatibility.Problems(
            "#!/usr/bin/env dotnet-script\n#r \"nuget: Sylvan.Data.Csv, 1.4.4\"\n#r \"System.Data.dll\"\n#load \"other.csx\"\n" +
            "#i \"nuget: ../artifacts/packages\"\n#!time\n#:package Foo@1.0.0\n#r \"nuget: ../not a package\"\n#nullable enable\nConsole.WriteLine(1);\n");
        Assert.Equal(4, problems.Count);
        Assert.StartsWith("line 5: #i \"nuget: ../artifacts/packages\" is not a dotnet-script directive (#i is .NET Interactive's", problems[0]);
        Assert.StartsWith("line 6: #!time is not a dotnet-script directive (#! is only a shebang on the first line", problems[1]);
        Assert.StartsWith("line 7: #:package Foo@1.0.0 is not a dotnet-script directive (#: directives belong to .NET 10 file-based apps", problems[2]);
        Assert.StartsWith("line 8: #r \"nuget: ../not a package\" is not a package reference dotnet-script understands", problems[3]);
        Assert.Empty(DotnetScriptCompatibility.Problems("#r \"nuget: AdaptiveEtl.Kit, 0.1.0\"\nusing System.Text.Json;\nreturn 0;\n"));
        // a syntax error is reported too, with its line (1-based)
        Assert.Contains(DotnetScriptCompatibility.Problems("var x = 1;\nvar y = ;\n"), p => p.StartsWith("line 2: CS1525", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Strict_mode_compiles_with_dotnet_script_imports_and_globals_only()
    {
        // display is a notebook global; System.Threading is one of the kit's default imports but not dotnet-script's
        foreach (var code in new[] { "display(1);\nreturn 40;", "var n = 0;\nInterlocked.Increment(ref n);\nreturn 39 + n;" })
        {
            var loose = await Run(code, ScriptMode.Script);
            Assert.True(loose.Exit == 40, loose.Error);
            var strict = await Run(code, ScriptMode.StrictDotnetScript);
            Assert.Equal(1, strict.Exit);
            Assert.Contains("CS0103", strict.Error); // the name does not exist in the current context
        }
        // what dotnet-script imports (System.IO, System.Linq, System.Console's static members) and Args are there
        var ok = await Run("using System.Threading;\nvar n = 0;\nInterlocked.Increment(ref n);\nWriteLine(Path.GetFileName(\"a/b.txt\") + Args.Count());\nreturn 40 + n;", ScriptMode.StrictDotnetScript, "x");
        Assert.True(ok.Exit == 41, ok.Error);
        Assert.Equal("b.txt1\n", ok.Output);
    }

    [Fact]
    public async Task Strict_mode_rejects_a_top_level_using_declaration_the_notebook_mode_rewrites()
    {
        var code = "using var s = new MemoryStream();\nreturn (int)s.Length + 5;";
        Assert.Equal(5, (await Run(code, ScriptMode.Script)).Exit);
        Assert.Equal(1, (await Run(code, ScriptMode.StrictDotnetScript)).Exit);
    }

    [Theory]
    [InlineData("failOnDrift", "--fail-on-drift")]
    [InlineData("reportHTMLPath", "--report-html-path")]
    [InlineData("HTTPPort", "--http-port")]
    [InlineData("top10", "--top10")]
    [InlineData("csvPath2", "--csv-path2")]
    [InlineData("max_history", "--max-history")]
    [InlineData("x", "--x")]
    public void Parameters_become_kebab_case_options_as_kit_names_its_own(string parameter, string option) =>
        Assert.Equal(option, ProductionStepExporter.OptionName(parameter));

    [Fact]
    public void Exported_scripts_reference_the_System_CommandLine_kit_is_built_with()
    {
        var props = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props"));
        var version = props.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == "System.CommandLine").Attribute("Version")!.Value;
        Assert.Equal(ProductionStepExporter.CommandLinePackageVersion, version);
    }

    [Fact]
    public void A_NuGet_config_someone_else_wrote_is_never_overwritten()
    {
        var root = NotebookTestFiles.TempDirectory();
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        Directory.CreateDirectory(Path.Combine(root, "scripts"));
        Directory.CreateDirectory(Path.Combine(root, "feed"));
        var nb = Path.Combine(root, "notebooks", "greeting.ipynb");
        NotebookTestFiles.Greeting(firstCell: "#i \"nuget: ../feed\"\nusing System.Text;").Save(nb);
        var config = Path.Combine(root, "scripts", "NuGet.Config");
        const string theirs = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><add key=\"corp\" value=\"https://nuget.example.com/v3/index.json\" /></packageSources></configuration>\n";
        File.WriteAllText(config, theirs);
        var e = Assert.Throws<ScriptExportException>(() => ProductionStepExporter.Render(nb, Path.Combine(root, "scripts")));
        Assert.Contains(config, e.Message);
        Assert.Contains("../feed", e.Message);
        Assert.Equal(theirs, File.ReadAllText(config));
        // once it lists the feed, nothing needs writing
        File.WriteAllText(config, theirs.Replace("</packageSources>", "<add key=\"local\" value=\"../feed\" /></packageSources>"));
        Assert.Null(ProductionStepExporter.Render(nb, Path.Combine(root, "scripts")).NuGetConfigPath);
    }

    private static async Task<(int Exit, string Output, string Error)> Run(string code, ScriptMode mode, params string[] args)
    {
        var dir = NotebookTestFiles.TempDirectory();
        var path = Path.Combine(dir, "s.csx");
        await File.WriteAllTextAsync(path, code, Ct);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ScriptRunner.RunAsync(path, args, new ScriptSessionOptions { Mode = mode, StandardOutput = output, StandardError = error }, Ct);
        return (exit, output.ToString().Replace("\r\n", "\n"), error.ToString());
    }
}
