namespace AdaptiveEtl.Kit.Triggers;

/// <summary>Bucket width for per-bucket trigger counts and volumes.</summary>
public enum TimeBucket
{
    /// <summary>One hour (seasonal period 24).</summary>
    Hour,
    /// <summary>One UTC day (seasonal period 7).</summary>
    Day,
}
