namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// How many synthetic rows to blend into a batch as a function of the drift signal s ∈ [0, 1]:
/// ratio = clamp(<see cref="Base"/> + <see cref="Scale"/> · s, 0, <see cref="Max"/>), where ratio = synthetic rows / real rows.
/// Defaults: base 0 (no drift → no synthetic rows), scale 0.5, max 0.5 (never more than one synthetic row per two real rows).
/// </summary>
/// <param name="Base">Ratio at zero drift.</param>
/// <param name="Scale">Increase of the ratio per unit of drift signal.</param>
/// <param name="Max">Upper bound of the ratio.</param>
public sealed record BlendingPolicy(double Base = 0.0, double Scale = 0.5, double Max = 0.5)
{
    /// <summary>The synthetic-to-real ratio for a drift signal (clamped into [0, 1] first).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The signal is NaN, or <see cref="Max"/> is negative.</exception>
    public double RatioFor(double driftSignal)
    {
        if (double.IsNaN(driftSignal)) throw new ArgumentOutOfRangeException(nameof(driftSignal), "The drift signal is NaN; expected a value in [0, 1].");
        if (Max < 0) throw new ArgumentOutOfRangeException(nameof(driftSignal), $"BlendingPolicy.Max is {Max}; expected ≥ 0.");
        var s = Math.Clamp(driftSignal, 0, 1);
        return Math.Clamp(Base + Scale * s, 0, Max);
    }
}
