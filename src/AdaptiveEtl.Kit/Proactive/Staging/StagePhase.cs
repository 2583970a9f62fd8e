namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>Points inside a staging or publish transaction where <see cref="StageOptions.Checkpoint"/> / <see cref="PublishOptions.Checkpoint"/> is called.</summary>
public enum StagePhase
{
    /// <summary>The source's rows are in the batch table (uncommitted).</summary>
    Fetched,
    /// <summary>The rows are appended to the staging table (uncommitted), the watermark not yet written.</summary>
    Appended,
    /// <summary>The watermark (or publish mark) is written; the transaction is about to commit.</summary>
    BeforeCommit,
    /// <summary>The transaction committed.</summary>
    Committed,
    /// <summary>Publish: the rows are in the target table (uncommitted), the publish mark not yet written.</summary>
    Published,
}
