namespace AdaptiveEtl.Kit.Proactive.Validation;

/// <summary>Where an actual trigger fell relative to the predicted windows.</summary>
public enum TriggerTiming
{
    /// <summary>Inside the narrowest predicted interval.</summary>
    InWindow,
    /// <summary>Outside the narrowest interval but inside a wider one.</summary>
    InWiderWindow,
    /// <summary>Before every predicted interval.</summary>
    Early,
    /// <summary>After every predicted interval.</summary>
    Late,
}
