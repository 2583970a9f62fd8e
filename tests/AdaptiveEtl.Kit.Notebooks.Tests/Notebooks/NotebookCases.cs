using System.Text.Json;
using System.Text.Json.Nodes;
using AdaptiveEtl.Kit.Scripting.Export;
using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Notebooks;

/// <summary>
/// The kit's notebooks and exported scripts with the small parameters the test suite runs them with (papermill-style
/// overrides of each notebook's <c>parameters</c> cell: fewer backtest origins, fewer epochs, outputs in a temp folder).
/// </summary>
public static class NotebookCases
{
    /// <summary>Every notebook of <c>notebooks/</c>, by file name.</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var path in System.IO.Directory.GetFiles(Path.Combine(RepoPaths.Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            if (!Path.GetFileName(path).StartsWith('.')) data.Add(Path.GetFileName(path));
        return data;
    }

    /// <summary>Every exported script name (without extension) in <c>scripts/</c>.</summary>
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var path in System.IO.Directory.GetFiles(Path.Combine(RepoPaths.Root, "scripts"), "*.csx").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(path));
        return data;
    }

    /// <summary>
    /// The quick parameters of a notebook (by file name), writing into <paramref name="outputDirectory"/>: read from
    /// <c>notebooks/ci-parameters.json</c>, which eng/notebook-outputs.sh also uses, so the committed outputs and this run agree.
    /// </summary>
    public static Dictionary<string, object?> Parameters(string notebook, string outputDirectory)
    {
        var all = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "notebooks", "ci-parameters.json")))!.AsObject();
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (all[notebook] is not JsonObject values) return result;
        foreach (var (name, value) in values)
            result[name] = value!.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>().Replace("{out}", outputDirectory, StringComparison.Ordinal)
                    .Replace("{root}", RepoPaths.Root, StringComparison.Ordinal).Replace('/', Path.DirectorySeparatorChar),
                JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
                JsonValueKind.Number => value.GetValue<int>(),
                var kind => throw new InvalidDataException($"notebooks/ci-parameters.json: {notebook}.{name} is a {kind}; expected a string, number or boolean"),
            };
        return result;
    }

    /// <summary>The parameters of the notebook a script was exported from, as command-line options.</summary>
    public static string[] ScriptArguments(string script, string outputDirectory)
    {
        var notebook = script switch
        {
            "train-and-predict" => "01-",
            "proactive-loop" => "02-",
            "drift-check" => "03-",
            "synthesize" => "04-",
            "capture-lineage" => "05-",
            "recommend-and-apply" => "06-",
            _ => throw new ArgumentException($"no test parameters for script '{script}'"),
        };
        var parameters = Parameters(notebook, outputDirectory);
        if (script == "drift-check") parameters["failOnDrift"] = true; // the script's purpose: exit 3 on drift
        return parameters.SelectMany(kv => new[]
        {
            ProductionStepExporter.OptionName(kv.Key), // kebab case, as the exported scripts name their options
            kv.Value is bool b ? (b ? "true" : "false") : Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)!,
        }).ToArray();
    }

    /// <summary>What a notebook's rich output must contain: a Plotly chart, or the lineage graph's SVG.</summary>
    public static string ExpectedHtml(string notebook) => notebook.StartsWith("05-", StringComparison.Ordinal) ? "<svg" : "Plotly.newPlot";

    /// <summary>
    /// The exit code a script must return with the test parameters: drift-check fails on the drifted sample batch with
    /// KitExitCode.ThresholdBreached, 3 (the code documented in src/AdaptiveEtl.Kit/KitExitCode.cs, shared with <c>kit</c>).
    /// </summary>
    public static int ExpectedExitCode(string script) => script == "drift-check" ? 3 : 0;
}
