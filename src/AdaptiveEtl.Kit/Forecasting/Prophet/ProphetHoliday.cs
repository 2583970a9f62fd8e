namespace AdaptiveEtl.Kit.Forecasting.Prophet;

/// <summary>
/// A holiday (or any special day) for <see cref="ProphetForecaster"/>: every day from <see cref="Date"/> + <see cref="LowerWindow"/>
/// to <see cref="Date"/> + <see cref="UpperWindow"/> gets its own effect, shared by all dates with the same <see cref="Name"/>
/// (Prophet's <c>holidays</c> data frame with <c>lower_window</c>/<c>upper_window</c>).
/// </summary>
/// <param name="Name">Holiday name; dates with the same name share the effect.</param>
/// <param name="Date">Calendar date (UTC).</param>
/// <param name="LowerWindow">Days before the date that are affected, ≤ 0 (e.g. −1 for the eve).</param>
/// <param name="UpperWindow">Days after the date that are affected, ≥ 0.</param>
public sealed record ProphetHoliday(string Name, DateOnly Date, int LowerWindow = 0, int UpperWindow = 0);
