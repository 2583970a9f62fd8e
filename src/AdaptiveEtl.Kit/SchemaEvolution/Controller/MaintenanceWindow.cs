using System.Globalization;

namespace AdaptiveEtl.Kit.SchemaEvolution.Controller;

/// <summary>
/// A daily maintenance window in UTC, e.g. 02:00–04:00: the only time the controller changes the production store.
/// <see cref="Start"/> is inside, <see cref="End"/> is not; an end at or before the start wraps past midnight (22:00–01:00).
/// </summary>
/// <param name="Start">Opening time of day (UTC).</param>
/// <param name="End">Closing time of day (UTC).</param>
public sealed record MaintenanceWindow(TimeOnly Start, TimeOnly End)
{
    /// <summary>Length of the window.</summary>
    public TimeSpan Length => End > Start ? End - Start : TimeSpan.FromDays(1) - (Start - End);

    /// <summary>Parses <c>HH:mm-HH:mm</c> (UTC), e.g. <c>02:00-04:00</c>.</summary>
    /// <exception cref="KitDataException">Not in that form.</exception>
    public static MaintenanceWindow Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var s)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var e))
            return new MaintenanceWindow(s, e);
        throw new KitDataException($"a maintenance window is written HH:mm-HH:mm in UTC (e.g. 02:00-04:00); got '{text}'.", "maintenance window");
    }

    /// <summary>The opening of the window that contains <paramref name="at"/>, or null when it is outside.</summary>
    public DateTimeOffset? OpenedAt(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var start = new DateTimeOffset(utc.Date, TimeSpan.Zero) + Start.ToTimeSpan();
        if (start > utc) start = start.AddDays(-1);
        return utc < start + Length ? start : null;
    }

    /// <summary>True when <paramref name="at"/> is inside a window.</summary>
    public bool Contains(DateTimeOffset at) => OpenedAt(at) is not null;

    /// <summary>When the window containing <paramref name="at"/> closes, or null when <paramref name="at"/> is outside.</summary>
    public DateTimeOffset? ClosesAt(DateTimeOffset at) => OpenedAt(at) is { } o ? o + Length : null;

    /// <summary>The earliest instant ≥ <paramref name="from"/> inside a window: <paramref name="from"/> itself when inside, else the next opening.</summary>
    public DateTimeOffset NextOpportunity(DateTimeOffset from)
    {
        if (Contains(from)) return from.ToUniversalTime();
        var utc = from.ToUniversalTime();
        var start = new DateTimeOffset(utc.Date, TimeSpan.Zero) + Start.ToTimeSpan();
        return start > utc ? start : start.AddDays(1);
    }

    /// <summary><c>HH:mm-HH:mm UTC</c>.</summary>
    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm} UTC";
}
