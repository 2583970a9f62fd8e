namespace AdaptiveEtl.Kit.Forecasting.Ets;

/// <summary>Form of an ETS error, trend or seasonal component.</summary>
public enum EtsComponent
{
    /// <summary>No such component ("N").</summary>
    None,

    /// <summary>Additive ("A").</summary>
    Additive,

    /// <summary>Multiplicative ("M").</summary>
    Multiplicative,
}
