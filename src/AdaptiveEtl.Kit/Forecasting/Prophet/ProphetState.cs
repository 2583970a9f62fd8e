namespace AdaptiveEtl.Kit.Forecasting.Prophet;

/// <summary>The fitted parameters of a <see cref="ProphetForecaster"/>, serialised as its saved state.</summary>
internal sealed record ProphetState
{
    public required string SeriesName { get; init; }
    public required ProphetOptions Options { get; init; }
    /// <summary>True when time is days since the Unix epoch (series had timestamps); false when it is the observation index.</summary>
    public required bool HasTimestamps { get; init; }
    public required int SeasonalPeriod { get; init; }
    public required int Observations { get; init; }
    public required double DsStart { get; init; }
    public required double DsSpan { get; init; }
    public required double DsLast { get; init; }
    /// <summary>Median spacing of the history, used to place future steps.</summary>
    public required double DsStep { get; init; }
    /// <summary>Calendar months per future step (monthly/quarterly/yearly histories), 0 to step by <see cref="DsStep"/>.</summary>
    public int CalendarMonths { get; init; }
    /// <summary>Anchor day of month of the calendar step (31 = month ends).</summary>
    public int CalendarDay { get; init; }
    /// <summary>UTC offset of the history's timestamps, in minutes (calendar steps are taken in that offset).</summary>
    public int OffsetMinutes { get; init; }
    public required double YScale { get; init; }
    /// <summary>Changepoint locations on the scaled time axis [0, 1].</summary>
    public required double[] Changepoints { get; init; }
    public required ProphetSeasonality[] Seasonalities { get; init; }
    /// <summary>Holiday effect columns: (holiday name, day offset).</summary>
    public required ProphetHolidayColumn[] HolidayColumns { get; init; }
    public required string[] RegressorNames { get; init; }
    public required double[] RegressorMeans { get; init; }
    public required double[] RegressorScales { get; init; }
    /// <summary>Coefficients in design order: k, m, δ₁…δ_S, seasonal Fourier terms, holiday effects, regressors (scaled y).</summary>
    public required double[] Coefficients { get; init; }
    /// <summary>Noise standard deviation on the scaled y axis.</summary>
    public required double Sigma { get; init; }
}

/// <summary>A Fourier seasonality: period in time units (days, or steps without timestamps) and order.</summary>
internal sealed record ProphetSeasonality(string Name, double Period, int Order);

/// <summary>One holiday effect column.</summary>
internal sealed record ProphetHolidayColumn(string Name, int Offset);
