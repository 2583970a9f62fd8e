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

    /// <summary>The quick parameters of a notebook (by file name), writing into <paramref name="outputDirectory"/>.</summary>
    public static Dictionary<string, object?> Parameters(string notebook, string outputDirectory)
    {
        string Out(string name) => Path.Combine(outputDirectory, name);
        return notebook switch
        {
            _ when notebook.StartsWith("01-", StringComparison.Ordinal) => new()
            {
                ["storePath"] = Out("history.duckdb"), ["pipelines"] = "orders_daily",
                ["recentRuns"] = 120, ["backtestOrigins"] = 8, ["replayTriggers"] = 3,
            },
            _ when notebook.StartsWith("02-", StringComparison.Ordinal) => new()
            {
                ["workDir"] = Out("proactive"), ["until"] = "2025-12-10T03:00:00Z", ["once"] = false,
                ["source"] = Path.Combine(RepoPaths.Root, "data-samples", "landing"),
            },
            _ when notebook.StartsWith("03-", StringComparison.Ordinal) => new()
            {
                ["reportPath"] = Out("drift-report.html"), ["failOnDrift"] = false,
            },
            _ when notebook.StartsWith("04-", StringComparison.Ordinal) => new()
            {
                ["epochs"] = 2, ["rows"] = 200, ["modelDir"] = Out("model"), ["outputPath"] = Out("synthetic.csv"),
            },
            _ when notebook.StartsWith("05-", StringComparison.Ordinal) => new()
            {
                ["storePath"] = Out("lineage.duckdb"), ["cypherOut"] = Out("lineage.cypher.jsonl"), ["openLineageOut"] = Out("openlineage.jsonl"),
            },
            _ when notebook.StartsWith("06-", StringComparison.Ordinal) => new()
            {
                ["workDir"] = Out("schema"), ["warehousePath"] = Out(Path.Combine("schema", "warehouse.duckdb")), ["salesRows"] = 20000, ["maxChanges"] = 2,
            },
            _ => new(),
        };
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
        if (script == "drift-check") parameters["failOnDrift"] = true; // the script's purpose: exit 1 on drift
        return parameters.SelectMany(kv => new[]
        {
            "--" + kv.Key,
            kv.Value is bool b ? (b ? "true" : "false") : Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)!,
        }).ToArray();
    }

    /// <summary>What a notebook's rich output must contain: a Plotly chart, or the lineage graph's SVG.</summary>
    public static string ExpectedHtml(string notebook) => notebook.StartsWith("05-", StringComparison.Ordinal) ? "<svg" : "Plotly.newPlot";

    /// <summary>The exit code a script must return with the test parameters: drift-check fails on the drifted sample batch.</summary>
    public static int ExpectedExitCode(string script) => script == "drift-check" ? 1 : 0;
}
