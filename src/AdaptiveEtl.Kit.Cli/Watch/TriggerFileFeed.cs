using AdaptiveEtl.Kit.Proactive;

namespace AdaptiveEtl.Kit.Cli.Watch;

/// <summary>
/// Live triggers for <c>kit watch</c>: a pipeline's trigger fires when the marker file <c>&lt;pipeline&gt;.trigger</c>
/// appears in its landing folder (the marker is consumed).
/// </summary>
internal sealed class TriggerFileFeed(IReadOnlyList<(string Pipeline, string Folder)> pipelines) : ITriggerFeed
{
    /// <summary>The marker file of each pipeline.</summary>
    public IReadOnlyList<string> MarkerPaths { get; } = [.. pipelines.Select(p => Path.Combine(p.Folder, p.Pipeline + ".trigger"))];

    public DateTimeOffset? NextKnownTrigger => null;

    public IReadOnlyList<TriggerEvent> Poll(DateTimeOffset now)
    {
        var fired = new List<TriggerEvent>();
        for (int i = 0; i < pipelines.Count; i++)
        {
            if (!File.Exists(MarkerPaths[i])) continue;
            File.Delete(MarkerPaths[i]);
            fired.Add(new TriggerEvent(pipelines[i].Pipeline, now));
        }
        return fired;
    }
}
