namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>How <see cref="StagingStore.PublishTableAsync"/> writes the target.</summary>
public enum PublishMode
{
    /// <summary>Insert the source rows into the target (created when missing).</summary>
    Append,
    /// <summary>Replace the target's content with the source rows (swap in one transaction).</summary>
    Replace,
}
