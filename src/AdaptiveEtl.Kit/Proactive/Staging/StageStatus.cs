namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>How one staging attempt ended.</summary>
public enum StageStatus
{
    /// <summary>New rows were staged and the watermark advanced (possibly only part of what is new, see <see cref="BlockedBySchema"/>).</summary>
    Staged,
    /// <summary>The source had nothing new; nothing changed.</summary>
    NothingNew,
    /// <summary>
    /// An incompatible schema change stopped staging at the offending part (file); parts before it may have been staged.
    /// The report names file, column and change; runs must not publish until it is resolved.
    /// </summary>
    BlockedBySchema,
    /// <summary>The source stayed down through every retry; nothing changed.</summary>
    SourceUnavailable,
    /// <summary>A permanent failure (bad input, SQL error); nothing changed. The error names the problem.</summary>
    Failed,
}
