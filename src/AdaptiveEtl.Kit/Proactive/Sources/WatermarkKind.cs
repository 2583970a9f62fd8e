namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>What a <see cref="Watermark"/> holds.</summary>
public enum WatermarkKind
{
    /// <summary>The largest value of an integer watermark column (an id, a version, a sequence).</summary>
    Integer,
    /// <summary>The latest value of a timestamp (or date) watermark column.</summary>
    Timestamp,
    /// <summary>The largest value of a text watermark column (compared ordinally, e.g. ISO dates kept as text).</summary>
    Text,
    /// <summary>The set of files of a landing zone already ingested (name, size and modification time of each).</summary>
    Files,
}
