using AdaptiveEtl.Kit.Proactive;

namespace AdaptiveEtl.Kit.Cli.Watch;

/// <summary>A feed that fires one trigger per pipeline at the first poll (<c>kit watch --once</c>).</summary>
internal sealed class ImmediateTriggerFeed(IReadOnlyList<string> pipelines) : ITriggerFeed
{
    private bool _fired;

    public DateTimeOffset? NextKnownTrigger => null;

    public IReadOnlyList<TriggerEvent> Poll(DateTimeOffset now)
    {
        if (_fired) return [];
        _fired = true;
        return [.. pipelines.Select(p => new TriggerEvent(p, now))];
    }
}
