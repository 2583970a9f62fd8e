namespace AdaptiveEtl.Kit.Forecasting.Ets;

/// <summary>
/// An exponential-smoothing state-space model ETS(error, trend, season) of Hyndman, Koehler, Ord &amp; Snyder (2008,
/// <i>Forecasting with Exponential Smoothing</i>, Table 2.1), written like R's model strings: "ANN", "AAdA", "MNM".
/// </summary>
/// <param name="Error">Additive or multiplicative errors.</param>
/// <param name="Trend">No, additive or multiplicative trend.</param>
/// <param name="Damped">Whether the trend is damped.</param>
/// <param name="Season">No, additive or multiplicative seasonality.</param>
public sealed record EtsSpec(EtsComponent Error, EtsComponent Trend, bool Damped, EtsComponent Season)
{
    /// <summary>Parses "ANN", "AAN", "AAdN", "MAdM", … (the letters E, T, optional d, S).</summary>
    /// <exception cref="ArgumentException">The text is not a valid model string; the message shows the expected form.</exception>
    public static EtsSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        bool damped = t.Length == 4 && t[2] == 'd';
        if (!(t.Length == 3 || damped))
            throw new ArgumentException($"'{text}' is not an ETS model string; expected error, trend, optional 'd' and season letters such as \"ANN\", \"AAdA\" or \"MNM\".", nameof(text));
        EtsComponent Letter(char c, bool allowNone) => c switch
        {
            'N' when allowNone => EtsComponent.None,
            'A' => EtsComponent.Additive,
            'M' => EtsComponent.Multiplicative,
            _ => throw new ArgumentException($"'{text}': '{c}' is not a valid component letter (use N, A or M; errors cannot be N).", nameof(text)),
        };
        var spec = new EtsSpec(Letter(t[0], false), Letter(t[1], true), damped, Letter(t[^1], true));
        if (spec.Damped && spec.Trend == EtsComponent.None) throw new ArgumentException($"'{text}': a damped model needs a trend.", nameof(text));
        return spec;
    }

    /// <summary>Compact code, e.g. "AAdA".</summary>
    public string Code => $"{Letter(Error)}{Letter(Trend)}{(Damped ? "d" : "")}{Letter(Season)}";

    /// <summary>R's name, e.g. "ETS(A,Ad,A)".</summary>
    public override string ToString() => $"ETS({Letter(Error)},{Letter(Trend)}{(Damped ? "d" : "")},{Letter(Season)})";

    private static char Letter(EtsComponent c) => c switch { EtsComponent.Additive => 'A', EtsComponent.Multiplicative => 'M', _ => 'N' };
}
