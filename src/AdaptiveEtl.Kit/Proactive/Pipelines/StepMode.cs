namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// How a step may be split between staged data and the late delta. The choice is the step author's promise; the hybrid
/// executor relies on it to produce exactly what a reactive run over all inputs produces.
/// </summary>
public enum StepMode
{
    /// <summary>
    /// Whole-input step (aggregations, windows, de-duplication, anything that looks at more than one row of its inputs):
    /// it runs over the complete inputs. Ahead of the trigger it runs only when its inputs are complete; at trigger time
    /// its early result is reused only when none of its inputs changed, otherwise it re-runs over the full inputs.
    /// The safe default.
    /// </summary>
    Holistic,

    /// <summary>
    /// Row-wise (append-safe) step: for its first ("driving") input, f(A ∪ B) = f(A) ∪ f(B) as multisets, e.g. filters,
    /// projections, casts, lookups into the other inputs. It runs ahead on the staged rows and, at trigger time, only on the
    /// delta; its output is the union of both. The other inputs are lookups: when they changed since the run ahead, the
    /// staged part is recomputed.
    /// </summary>
    RowWise,
}
