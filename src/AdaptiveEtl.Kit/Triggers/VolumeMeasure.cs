namespace AdaptiveEtl.Kit.Triggers;

/// <summary>Which volume of a run to forecast.</summary>
public enum VolumeMeasure
{
    /// <summary>rows_in.</summary>
    Rows,
    /// <summary>bytes_in.</summary>
    Bytes,
}
