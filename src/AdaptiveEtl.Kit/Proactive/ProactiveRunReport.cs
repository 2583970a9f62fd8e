using System.Globalization;
using System.Net;
using System.Text;
using AdaptiveEtl.Kit.Proactive.Scheduling;
using AdaptiveEtl.Kit.Reporting;
using MathNet.Numerics.Statistics;

namespace AdaptiveEtl.Kit.Proactive;

/// <summary>
/// What a run of the <see cref="ProactiveLoop"/> did: per trigger metrics, the timeline, the plans it made and a summary
/// per pipeline (median/p95 trigger→data-ready, proactive vs reactive, wasted pre-fetch).
/// </summary>
public sealed class ProactiveRunReport : IHtmlReportable
{
    /// <summary>Creates a report from its parts.</summary>
    public ProactiveRunReport(IReadOnlyList<TriggerMetrics> triggers, IReadOnlyList<TimelineEvent> timeline, IReadOnlyList<PrefetchPlan> plans)
    {
        Triggers = triggers ?? throw new ArgumentNullException(nameof(triggers));
        Timeline = timeline ?? throw new ArgumentNullException(nameof(timeline));
        Plans = plans ?? throw new ArgumentNullException(nameof(plans));
    }

    /// <summary>One entry per real trigger, in time order.</summary>
    public IReadOnlyList<TriggerMetrics> Triggers { get; }

    /// <summary>Everything that happened, in time order.</summary>
    public IReadOnlyList<TimelineEvent> Timeline { get; }

    /// <summary>Every plan made (first plans and re-plans), in time order.</summary>
    public IReadOnlyList<PrefetchPlan> Plans { get; }

    /// <summary>The summary of each pipeline, then of all (<c>*</c>).</summary>
    public IReadOnlyList<ProactiveSummary> Summaries =>
        [.. Triggers.Select(t => t.Pipeline).Distinct().Order(StringComparer.Ordinal).Select(p => Summarize(p, Triggers.Where(t => t.Pipeline == p).ToList())), Summarize("*", Triggers)];

    /// <summary>The summary of one pipeline.</summary>
    public ProactiveSummary Summary(string pipeline) => Summarize(pipeline, Triggers.Where(t => t.Pipeline == pipeline).ToList());

    /// <summary>The summary over all pipelines.</summary>
    public ProactiveSummary Overall => Summarize("*", Triggers);

    private static ProactiveSummary Summarize(string name, IReadOnlyList<TriggerMetrics> t)
    {
        // Quantiles: MathNet's Statistics.Quantile (R type 8, median-unbiased).
        static TimeSpan Q(IEnumerable<TimeSpan> xs, double tau)
        {
            var a = xs.Select(x => x.TotalSeconds).ToArray();
            return a.Length == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(a.Quantile(tau));
        }
        var verdicts = t.Where(x => x.Verdict is not null).Select(x => x.Verdict!).ToList();
        return new ProactiveSummary(name, t.Count,
            Q(t.Select(x => x.ProactiveReady), 0.5), Q(t.Select(x => x.ProactiveReady), 0.95),
            Q(t.Select(x => x.ReactiveReady), 0.5), Q(t.Select(x => x.ReactiveReady), 0.95),
            t.Sum(x => x.PrefetchedBytes), t.Sum(x => x.WastedBytes),
            verdicts.Count == 0 ? double.NaN : verdicts.Count(v => v.CoveringLevel is not null) / (double)verdicts.Count,
            verdicts.Count == 0 ? double.NaN : verdicts.Count(v => v.VolumePlausible) / (double)verdicts.Count);
    }

    /// <inheritdoc />
    public string ToHtml()
    {
        var sb = new StringBuilder();
        static string E(string s) => WebUtility.HtmlEncode(s);
        sb.Append("<div style=\"font-family:sans-serif;font-size:12px\"><table style=\"border-collapse:collapse\"><tr><th style=\"text-align:left\">pipeline</th><th>triggers</th><th>ready median (proactive)</th><th>p95</th><th>ready median (reactive)</th><th>p95</th><th>speed-up</th><th>pre-fetched</th><th>wasted</th><th>in window</th></tr>");
        foreach (var s in Summaries)
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(s.Pipeline)}</td><td>{s.Triggers}</td><td>{s.MedianProactive.TotalSeconds:0.0} s</td><td>{s.P95Proactive.TotalSeconds:0.0} s</td><td>{s.MedianReactive.TotalSeconds:0.0} s</td><td>{s.P95Reactive.TotalSeconds:0.0} s</td><td>{s.MedianSpeedup:0.0}×</td><td>{s.PrefetchedBytes:N0} B</td><td>{s.WastedShare:P1}</td><td>{s.InWindowShare:P0}</td></tr>");
        sb.Append("</table></div>");
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, Summaries.Select(s => s.ToString()));
}
