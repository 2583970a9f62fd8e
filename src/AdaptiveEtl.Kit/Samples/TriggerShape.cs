namespace AdaptiveEtl.Kit.Samples;

/// <summary>
/// Trigger patterns of <see cref="TriggerShapeSample"/>: pipeline histories shaped unlike the committed sample data, used to
/// check that the trigger predictor's windows and volume intervals hold their nominal coverage. Each member documents its
/// generating process; the constants live on <see cref="TriggerShapeSample"/>.
/// </summary>
public enum TriggerShape
{
    /// <summary>
    /// Hourly cron at :00 UTC; each slot is missed with probability <see cref="TriggerShapeSample.HourlyMissedRate"/> (the next
    /// run picks up the missed hour's rows); a run starts 1 min + an exponential delay (mean 3 min) after its slot. Each hour brings
    /// 20 000·(1 + 0.6·sin(2π(h − 9)/24)) rows (h = the slot's UTC hour) with log-normal noise (σ = 0.12).
    /// </summary>
    HourlyCronJitter,

    /// <summary>
    /// Business-day daily at 06:30 UTC + N(0, 4 min): Monday to Friday, never on a holiday of <see cref="TriggerShapeSample.BusinessHolidays(int)"/> (returned as <see cref="TriggerShapeHistory.Holidays"/>).
    /// Rows 50 000·(1 + <see cref="TriggerShapeSample.BusinessGrowthPerYear"/>)^(days since the start / 365.25)·(1 + 0.4·(d − 1)),
    /// d = calendar days since the previous business day (a run after a weekend or holiday carries 40% of a normal day for each
    /// extra day it covers), with log-normal noise (σ = 0.08).
    /// </summary>
    BusinessDayDaily,

    /// <summary>
    /// Event arrivals: a non-homogeneous Poisson process with the diurnal rate λ(h) = <see cref="TriggerShapeSample.PoissonBaseRate"/>·(1 + 0.8·sin(2π(h − 8)/24))
    /// per hour (h = UTC hour), drawn by thinning (Lewis &amp; Shedler 1979); an arrival in the same second as the previous one joins
    /// its run. Rows log-normal (median 2 000, σ = 0.5), independent of the gap.
    /// </summary>
    PoissonDiurnal,

    /// <summary>
    /// Weekly on Monday (from 2025-01-06) 09:00 in a Central European zone (<see cref="TriggerShapeSample.CentralEuropeanZone"/>, UTC+1, summer time
    /// UTC+2 from the last Sunday of March to the last Sunday of October), stamped in UTC: 08:00Z in winter, 07:00Z in summer,
    /// + N(0, 5 min). Rows log-normal (median 200 000, σ = 0.05).
    /// </summary>
    WeeklyAcrossDst,

    /// <summary>
    /// A regime change at run <c>runs / 2</c> (<see cref="TriggerShapeSample.RegimeChangeIndex"/>): before it, daily at 01:00 UTC
    /// + N(0, 5 min) with log-normal rows (median 100 000, σ = 0.05); from it on, every 6 hours at 00:15, 06:15, 12:15, 18:15 UTC
    /// + N(0, 5 min), starting at the 06:15 slot after the last daily run, with log-normal rows (median 30 000, σ = 0.10).
    /// </summary>
    RegimeChange,

    /// <summary>
    /// Irregular file drops from 2025-01-01: 1 + min(Poisson(1.2), 5) days between drops, each at a uniform time of day between 09:00 and
    /// 17:00 UTC, with 1–4 files (uniform) of log-normal size (median 15 000 rows each, σ = 0.3).
    /// </summary>
    IrregularFileDrops,
}
