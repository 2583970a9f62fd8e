namespace AdaptiveEtl.Kit.SchemaEvolution.Degradation;

/// <summary>How early a backtest warned about one family that did degrade.</summary>
/// <param name="Family">The query family.</param>
/// <param name="Onset">The first degraded period.</param>
/// <param name="FirstAlarm">The first period within the horizon before <paramref name="Onset"/> whose prediction was an alarm, or null when it was missed.</param>
public sealed record DegradationLeadTime(string Family, int Onset, int? FirstAlarm)
{
    /// <summary>Periods of warning (<see cref="Onset"/> − <see cref="FirstAlarm"/>), or null when missed.</summary>
    public int? Periods => FirstAlarm is { } a ? Onset - a : null;
}
