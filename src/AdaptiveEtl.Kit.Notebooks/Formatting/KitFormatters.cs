using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using AdaptiveEtl.Kit.Notebooks.Charts;
using AdaptiveEtl.Kit.Proactive.SchemaChecks;
using AdaptiveEtl.Kit.Proactive.Staging;
using AdaptiveEtl.Kit.Reporting;
using AdaptiveEtl.Kit.Schema;
using AdaptiveEtl.Kit.SchemaEvolution.Controller;
using AdaptiveEtl.Kit.SchemaEvolution.Degradation;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace AdaptiveEtl.Kit.Notebooks.Formatting;

/// <summary>
/// Notebook display of the kit's values through Microsoft.DotNet.Interactive.Formatting: <c>text/html</c> (and
/// <c>text/plain</c>) formatters for Plotly.NET charts (offline, plotly.js inlined by the first chart of the process, plus a
/// static <c>image/svg+xml</c> picture from <see cref="ChartSvg"/>),
/// DataFrames, <see cref="TableSchema"/>, the proactive loop's <see cref="StageState"/> and <see cref="SchemaCheckReport"/>, and every <see cref="IHtmlReportable"/> result.
/// </summary>
/// <remarks>
/// <see cref="Register"/> runs automatically when the assembly is first used (module initializer), so referencing
/// <c>AdaptiveEtl.Kit.Notebooks</c> is enough; calling it again is harmless, and it re-registers after
/// <see cref="Formatter.ResetToDefault"/>.
/// </remarks>
public static class KitFormatters
{
    private const string Html = "text/html";
    private const string PlainText = "text/plain";
    private const string Svg = "image/svg+xml";
    private static readonly Lock Gate = new();
    private static int plotlyJsEmitted;

    /// <summary>Rows of a DataFrame shown by the HTML formatter, default 20.</summary>
    public static int MaxRows { get; set; } = 20;

    /// <summary>
    /// When true every chart output inlines plotly.js (each output works on its own, e.g. when cells are exported or shown
    /// out of order, at 3.6 MB per chart); by default only the first chart of the process does.
    /// </summary>
    public static bool AlwaysIncludePlotlyJs { get; set; }

    /// <summary>True when the kit's formatters are currently registered.</summary>
    public static bool IsRegistered =>
        Formatter.RegisteredFormatters(false).Any(f => f.Type == typeof(GenericChart) && f.MimeType == Html);

    /// <summary>Registers the formatters (idempotent, thread-safe).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (IsRegistered) return;
            Formatter.Register<GenericChart>((chart, writer) => writer.Write(FormatChart(chart)), Html);
            Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartText(chart)), PlainText);
            // a static picture beside the interactive HTML, for front ends that do not run plotly.js (GitHub strips scripts)
            Formatter.Register<GenericChart>((chart, writer) => writer.Write(ChartSvg.ToSvg(chart)), Svg);
            Formatter.Register<DataFrame>((frame, writer) => writer.Write(DataFrameHtml.ToHtml(frame, MaxRows)), Html);
            Formatter.Register<DataFrame>((frame, writer) => writer.Write(DataFrameHtml.ToText(frame)), PlainText);
            Formatter.Register<TableSchema>((schema, writer) => writer.Write(TableSchemaHtml.ToHtml(schema)), Html);
            Formatter.Register<TableSchema>((schema, writer) => writer.Write(schema.ToString()), PlainText);
            Formatter.Register<IHtmlReportable>((result, writer) => writer.Write(result.ToHtml()), Html);
            // The kit's result types summarise themselves in ToString(); better than the default property dump.
            Formatter.Register<IHtmlReportable>((result, writer) => writer.Write(result.ToString()), PlainText);
            Formatter.Register<IEnumerable<SchemaRecommendation>>((list, writer) => writer.Write(SchemaEvolutionHtml.Recommendations(list)), Html);
            Formatter.Register<IEnumerable<FamilyDegradationRisk>>((list, writer) => writer.Write(SchemaEvolutionHtml.DegradationRisks(list)), Html);
            Formatter.Register<IEnumerable<DecisionLogEntry>>((list, writer) => writer.Write(SchemaEvolutionHtml.DecisionLog(list)), Html);
            Formatter.Register<StageState>((state, writer) => writer.Write(ProactiveHtml.StageState(state)), Html);
            Formatter.Register<StageState>((state, writer) => writer.Write(state.ToString()), PlainText);
            Formatter.Register<SchemaCheckReport>((report, writer) => writer.Write(ProactiveHtml.SchemaCheck(report)), Html);
            Formatter.Register<SchemaCheckReport>((report, writer) => writer.Write(report.ToString()), PlainText);
            foreach (var type in new[] { typeof(GenericChart), typeof(DataFrame), typeof(TableSchema), typeof(IHtmlReportable),
                         typeof(IEnumerable<SchemaRecommendation>), typeof(IEnumerable<FamilyDegradationRisk>), typeof(IEnumerable<DecisionLogEntry>),
                         typeof(StageState), typeof(SchemaCheckReport) })
                Formatter.SetPreferredMimeTypesFor(type, Html);
            Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), Html, Svg);
            // A fresh registration (first one, or after Formatter.ResetToDefault) starts a new page: include plotly.js again.
            ResetPlotlyInclusion();
        }
    }

    /// <summary>Makes the next chart output inline plotly.js again (e.g. after the notebook front end was reloaded).</summary>
    public static void ResetPlotlyInclusion() => Interlocked.Exchange(ref plotlyJsEmitted, 0);

    /// <summary>The HTML a chart is displayed as: plotly.js inlined by the first chart (or always, see <see cref="AlwaysIncludePlotlyJs"/>).</summary>
    internal static string FormatChart(GenericChart chart)
    {
        bool include = AlwaysIncludePlotlyJs | Interlocked.Exchange(ref plotlyJsEmitted, 1) == 0;
        return ChartHtml.ToHtml(chart, include);
    }

    private static string ChartText(GenericChart chart)
    {
        var traces = GenericChart.getTraces(chart);
        return string.Create(CultureInfo.InvariantCulture,
            $"Plotly chart with {traces.Length} trace(s): {string.Join(", ", traces.Select(t => t.type))}; display it as text/html to see it.");
    }

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Registering notebook formatters on load is the purpose of this assembly: '#r \"nuget: AdaptiveEtl.Kit.Notebooks\"' must be enough.")]
    internal static void RegisterOnLoad()
    {
        // before any Plotly.NET type is touched: hosts with an older FSharp.Core (dotnet-interactive) must bind Plotly.NET's
        Hosting.FSharpCoreBinding.Install();
        Register();
    }
}
