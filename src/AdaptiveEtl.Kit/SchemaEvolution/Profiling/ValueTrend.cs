namespace AdaptiveEtl.Kit.SchemaEvolution.Profiling;

/// <summary>A least-squares line through a column statistic over profile snapshots (e.g. the maximum value over time).</summary>
/// <param name="Points">Snapshots the line was fitted on.</param>
/// <param name="First">Time of the first snapshot (x = 0).</param>
/// <param name="Intercept">Fitted value at <see cref="First"/>.</param>
/// <param name="SlopePerDay">Fitted change per day.</param>
/// <param name="Latest">The most recent observed value.</param>
public sealed record ValueTrend(int Points, DateTimeOffset First, double Intercept, double SlopePerDay, double Latest)
{
    /// <summary>The fitted value at <paramref name="at"/>.</summary>
    public double At(DateTimeOffset at) => Intercept + SlopePerDay * (at - First).TotalDays;

    /// <summary>When the line reaches <paramref name="limit"/> (null when it does not grow towards it).</summary>
    public DateTimeOffset? Reaches(double limit)
    {
        if (SlopePerDay <= 0) return null;
        double days = (limit - Intercept) / SlopePerDay;
        return days > 365_000 ? null : First.AddDays(Math.Max(0, days));
    }
}
