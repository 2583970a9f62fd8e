namespace AdaptiveEtl.Kit.Forecasting;

/// <summary>
/// A univariate, regularly indexed series to forecast (a gap series, or volumes per time bucket), with an optional
/// seasonal period, optional timestamps and optional exogenous regressors aligned row by row.
/// </summary>
public sealed class TimeSeries
{
    /// <summary>Creates a series and validates it (finite values, exogenous rows aligned).</summary>
    /// <param name="name">Name used in every error message (e.g. the pipeline and measure).</param>
    /// <param name="values">Observations in time order.</param>
    /// <param name="seasonalPeriod">Observations per seasonal cycle (12 for monthly data, 7 for daily with a weekly cycle); 1 for none.</param>
    /// <param name="timestamps">Optional time of each observation, strictly increasing.</param>
    /// <param name="exogenous">Optional regressors, one row per observation.</param>
    /// <param name="exogenousNames">Names of the regressor columns.</param>
    /// <exception cref="KitDataException">A value is NaN or infinite, timestamps are unsorted or duplicated, or exogenous rows do not match.</exception>
    public TimeSeries(string name, IReadOnlyList<double> values, int seasonalPeriod = 1,
        IReadOnlyList<DateTimeOffset>? timestamps = null, double[,]? exogenous = null, IReadOnlyList<string>? exogenousNames = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (seasonalPeriod < 1) throw new KitDataException($"seasonal period must be >= 1, got {seasonalPeriod}.", name);
        for (int i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i]))
                throw new KitDataException($"value {values[i]} is not finite; remove or impute NaN/infinite observations before forecasting.", name, row: i);
        if (timestamps is not null)
        {
            if (timestamps.Count != values.Count)
                throw new KitDataException($"{timestamps.Count} timestamps for {values.Count} values; expected one timestamp per value.", name);
            for (int i = 1; i < timestamps.Count; i++)
            {
                if (timestamps[i] == timestamps[i - 1])
                    throw new KitDataException($"duplicate timestamp {timestamps[i]:O}; expected strictly increasing timestamps.", name, row: i);
                if (timestamps[i] < timestamps[i - 1])
                    throw new KitDataException($"timestamp {timestamps[i]:O} comes before {timestamps[i - 1]:O}; sort the series by time first.", name, row: i);
            }
        }
        if (exogenous is not null)
        {
            if (exogenous.GetLength(0) != values.Count)
                throw new KitDataException($"{exogenous.GetLength(0)} exogenous rows for {values.Count} values; expected one row per value.", name);
            for (int i = 0; i < exogenous.GetLength(0); i++)
                for (int j = 0; j < exogenous.GetLength(1); j++)
                    if (!double.IsFinite(exogenous[i, j]))
                        throw new KitDataException($"exogenous value {exogenous[i, j]} is not finite.", name, exogenousNames is not null && j < exogenousNames.Count ? exogenousNames[j] : $"x{j}", i);
            if (exogenousNames is not null && exogenousNames.Count != exogenous.GetLength(1))
                throw new KitDataException($"{exogenousNames.Count} exogenous names for {exogenous.GetLength(1)} columns.", name);
        }
        Name = name;
        Values = values.ToArray();
        SeasonalPeriod = seasonalPeriod;
        Timestamps = timestamps?.ToArray();
        Exogenous = exogenous is null ? null : (double[,])exogenous.Clone();
        ExogenousNames = exogenous is null ? null
            : (exogenousNames?.ToArray() ?? Enumerable.Range(0, exogenous.GetLength(1)).Select(j => $"x{j}").ToArray());
    }

    /// <summary>Name used in error messages and reports.</summary>
    public string Name { get; }

    /// <summary>Observations in time order.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Number of observations.</summary>
    public int Length => Values.Count;

    /// <summary>Observations per seasonal cycle; 1 when the series has no seasonality.</summary>
    public int SeasonalPeriod { get; }

    /// <summary>Time of each observation, when known.</summary>
    public IReadOnlyList<DateTimeOffset>? Timestamps { get; }

    /// <summary>Exogenous regressors, one row per observation, or null.</summary>
    public double[,]? Exogenous { get; }

    /// <summary>Names of the exogenous columns, or null when there are none.</summary>
    public IReadOnlyList<string>? ExogenousNames { get; }

    /// <summary>The first <paramref name="count"/> observations (with their timestamps and regressors), e.g. for a backtest origin.</summary>
    public TimeSeries Take(int count)
    {
        if (count < 0 || count > Length) throw new ArgumentOutOfRangeException(nameof(count), $"{Name}: cannot take {count} of {Length} observations.");
        double[,]? x = null;
        if (Exogenous is not null)
        {
            x = new double[count, Exogenous.GetLength(1)];
            for (int i = 0; i < count; i++)
                for (int j = 0; j < Exogenous.GetLength(1); j++)
                    x[i, j] = Exogenous[i, j];
        }
        return new TimeSeries(Name, Values.Take(count).ToArray(), SeasonalPeriod, Timestamps?.Take(count).ToArray(), x, ExogenousNames);
    }

    /// <summary>Rows <paramref name="from"/> … <paramref name="from"/> + <paramref name="count"/> − 1 of the regressors (the "future" rows of a forecast from origin <paramref name="from"/>), or null without regressors.</summary>
    internal double[,]? ExogenousRows(int from, int count)
    {
        if (Exogenous is null) return null;
        int c = Exogenous.GetLength(1);
        var x = new double[count, c];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < c; j++)
                x[i, j] = Exogenous[from + i, j];
        return x;
    }

    /// <summary>The same observations and timestamps without regressors, for a model that does not use them (<see cref="ForecasterCapabilities.Exogenous"/>).</summary>
    public TimeSeries WithoutExogenous() => Exogenous is null ? this : new TimeSeries(Name, Values, SeasonalPeriod, Timestamps);

    /// <summary>Throws a <see cref="KitDataException"/> naming the series when it has fewer than <paramref name="minimum"/> observations.</summary>
    public void RequireLength(int minimum, string model)
    {
        if (Length < minimum)
            throw new KitDataException($"{model} needs at least {minimum} observations, the series has {Length}.", Name);
    }

    /// <summary>Throws a <see cref="KitDataException"/> naming the series and the first offending row when a value is not strictly positive (before a log or Box-Cox transform).</summary>
    public void RequirePositive(string purpose)
    {
        for (int i = 0; i < Length; i++)
            if (Values[i] <= 0)
                throw new KitDataException($"value {Values[i]} is not positive, but {purpose} needs strictly positive values.", Name, row: i);
    }
}
