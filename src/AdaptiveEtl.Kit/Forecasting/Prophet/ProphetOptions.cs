namespace AdaptiveEtl.Kit.Forecasting.Prophet;

/// <summary>Settings of <see cref="ProphetForecaster"/>; the defaults are Prophet's (Taylor &amp; Letham 2018; prophet 1.1 defaults).</summary>
public sealed record ProphetOptions
{
    /// <summary>Number of candidate changepoints, default 25 (reduced for short series).</summary>
    public int ChangepointCount { get; init; } = 25;

    /// <summary>Share of the history in which candidate changepoints are placed, default 0.8.</summary>
    public double ChangepointRange { get; init; } = 0.8;

    /// <summary>Scale τ of the Laplace prior on rate changes, default 0.05; larger makes the trend more flexible.</summary>
    public double ChangepointPriorScale { get; init; } = 0.05;

    /// <summary>Standard deviation of the normal prior on seasonality coefficients, default 10.</summary>
    public double SeasonalityPriorScale { get; init; } = 10;

    /// <summary>Standard deviation of the normal prior on holiday and regressor effects, default 10.</summary>
    public double HolidaysPriorScale { get; init; } = 10;

    /// <summary>Yearly seasonality (order 10): null = automatic (history spans at least two years).</summary>
    public bool? YearlySeasonality { get; init; }

    /// <summary>Weekly seasonality (order 3): null = automatic (history spans two weeks and spacing is below a week).</summary>
    public bool? WeeklySeasonality { get; init; }

    /// <summary>Daily seasonality (order 4): null = automatic (history spans two days and spacing is below a day).</summary>
    public bool? DailySeasonality { get; init; }

    /// <summary>Holidays and special days.</summary>
    public IReadOnlyList<ProphetHoliday> Holidays { get; init; } = [];

    /// <summary>Number of simulated trajectories behind the intervals, default 1000.</summary>
    public int UncertaintySamples { get; init; } = 1000;
}
