using AdaptiveEtl.Kit.Proactive;

namespace AdaptiveEtl.Kit.Cli.Watch;

/// <summary>The feed of <c>kit watch --once</c>: one trigger of the pipeline, at the time of the first poll.</summary>
internal sealed class ImmediateTriggerFeed(string pipeline) : ITriggerFeed
{
    private bool _fired;

    /// <inheritdoc />
    public DateTimeOffset? NextKnownTrigger => null;

    /// <inheritdoc />
    public IReadOnlyList<TriggerEvent> Poll(DateTimeOffset now)
    {
        if (_fired) return [];
        _fired = true;
        return [new TriggerEvent(pipeline, now)];
    }
}
