using TorchSharp;
using static TorchSharp.torch;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis.Models;

/// <summary>
/// Tensor–number arithmetic with the number held in an explicitly scoped <see cref="Scalar"/>. TorchSharp's implicit
/// double → Scalar conversion creates a native object that the GC may finalise while the native call still uses it
/// (observed as "Unknown scalar type" after ~100 epochs); the <c>using</c> keeps it alive until the call returns.
/// </summary>
internal static class TorchScalars
{
    public static Tensor Mul(Tensor t, double v) { using Scalar s = v; return t.mul(s); }

    public static Tensor Div(Tensor t, double v) { using Scalar s = v; return t.div(s); }

    public static Tensor Add(Tensor t, double v) { using Scalar s = v; return t.add(s); }

    /// <summary>v − t.</summary>
    public static Tensor SubtractFrom(double v, Tensor t) { using Scalar s = v; using var n = t.neg(); return n.add(s); }

    /// <summary>v / t.</summary>
    public static Tensor DivideInto(double v, Tensor t) { using Scalar s = v; using var r = t.reciprocal(); return r.mul(s); }

    public static Tensor Clamp(Tensor t, double lo, double hi) { using Scalar a = lo; using Scalar b = hi; return t.clamp(a, b); }

    public static void ClampInPlace(Tensor t, double lo, double hi) { using Scalar a = lo; using Scalar b = hi; t.clamp_(a, b); }
}
