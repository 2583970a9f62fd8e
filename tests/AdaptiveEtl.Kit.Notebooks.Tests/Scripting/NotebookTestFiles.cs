using AdaptiveEtl.Kit.Scripting.Notebooks;

namespace AdaptiveEtl.Kit.Notebooks.Tests.Scripting;

/// <summary>Builds small notebooks in temp folders for the runner and exporter tests.</summary>
internal static class NotebookTestFiles
{
    /// <summary>
    /// A notebook with a first cell (usings), a parameters cell, an exploring cell (display) and production cells that print and
    /// write <c>greeting.txt</c> relative to the notebook's folder.
    /// </summary>
    public static NotebookDocument Greeting(string? firstCell = null, string helloExpression = "$\"hello {who}\"")
    {
        var nb = NotebookDocument.CreateCSharp("greeting");
        nb.Cells.Add(NotebookCell.Markdown("# Greeting\nWhy: a tiny notebook for the engine's tests."));
        nb.Cells.Add(NotebookCell.Code(firstCell ?? "using System.Globalization;\nusing System.Text;"));
        nb.Cells.Add(NotebookCell.Code("var who = \"notebook\";\nvar times = 2;\nvar scale = 1.5;\nvar loud = false;", NotebookParameter.ParametersTag));
        nb.Cells.Add(NotebookCell.Code("display($\"exploring {who}\");\ntimes * scale"));
        nb.Cells.Add(NotebookCell.Code(
            $"var message = {helloExpression};\nif (loud) message = message.ToUpperInvariant();\nfor (var i = 0; i < times; i++) Console.WriteLine(message);",
            ProductionStepExporterTag));
        nb.Cells.Add(NotebookCell.Code(
            "var line = new Line(message, times * scale);\nFile.WriteAllText(\"greeting.txt\", line.ToString());\nConsole.WriteLine($\"wrote {Path.GetFullPath(\"greeting.txt\")}\");\n\nrecord Line(string Text, double Weight);",
            ProductionStepExporterTag));
        return nb;
    }

    public const string ProductionStepExporterTag = "production";

    public static string TempDirectory() => ScriptingTestRoot.NewFolder();
}
