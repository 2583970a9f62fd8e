using AdaptiveEtl.Kit.Proactive;

namespace AdaptiveEtl.Kit.Cli.Watch;

/// <summary>
/// The live feed of <c>kit watch</c>: the pipeline's trigger fires when a marker file <c>&lt;pipeline&gt;.trigger</c>
/// appears in the landing folder (the landing-zone connector ignores it: it has no data format). The marker is deleted
/// when polled; a crash before the run loses only the marker, never data — staged rows wait for the next run.
/// </summary>
internal sealed class TriggerFileFeed(string pipeline, string folder) : ITriggerFeed
{
    /// <summary>The marker file's path.</summary>
    public string MarkerPath { get; } = Path.Combine(folder, pipeline + ".trigger");

    /// <inheritdoc />
    public DateTimeOffset? NextKnownTrigger => null;

    /// <inheritdoc />
    public IReadOnlyList<TriggerEvent> Poll(DateTimeOffset now)
    {
        if (!File.Exists(MarkerPath)) return [];
        File.Delete(MarkerPath);
        return [new TriggerEvent(pipeline, now)];
    }
}
