using System.Globalization;

namespace AdaptiveEtl.Kit.DeepLearning.Synthesis;

/// <summary>
/// The batch size, pac and epochs a synthesizer actually trains with, and why they differ from the options.
/// </summary>
/// <remarks>
/// With the paper's batch of 500 a table of a few hundred rows gives one optimiser step per epoch, so 300 epochs are
/// only 300 steps and the generator learns next to nothing. Measured with <c>benchmarks/SynthesisQuality --train-rows 400</c>
/// (400 Adult rows, 300 epochs, real rows reach ML-efficacy F1 0.61): CTGAN 0.21 without this plan, 0.50 with it; TVAE
/// 0.36 without, 0.61 with it — hence the TVAE recommendation for small tables (docs/synthesis-quality.md). When <see cref="SynthesizerOptions.AdaptToSmallData"/> is on (default), a table with fewer than
/// <see cref="MinimumStepsPerEpoch"/> × batch rows trains with batch = max(rows / <see cref="MinimumStepsPerEpoch"/>,
/// <see cref="MinimumBatch"/>), so that every epoch has about <see cref="MinimumStepsPerEpoch"/> steps, and CTGAN's pac
/// shrinks to at most batch / <see cref="MinimumPacks"/> so that a critic batch still holds that many packs. Each change
/// is listed in <see cref="Notices"/>, which are also attached to the first <see cref="EpochProgress"/> of training.
/// Tables of more than <c>10 × 500</c> rows train exactly with the options.
/// </remarks>
/// <param name="Rows">Training rows.</param>
/// <param name="BatchSize">Rows per step (a multiple of <paramref name="Pac"/> for CTGAN).</param>
/// <param name="Pac">Rows per critic input (CTGAN; 1 for TVAE).</param>
/// <param name="Epochs">Epochs.</param>
/// <param name="StepsPerEpoch">Optimiser steps per epoch.</param>
/// <param name="Notices">What was adapted to the data and recommendations (empty when the options were used as given).</param>
public sealed record TrainingPlan(int Rows, int BatchSize, int Pac, int Epochs, int StepsPerEpoch, IReadOnlyList<string> Notices)
{
    /// <summary>Steps per epoch a small table is given by shrinking the batch.</summary>
    public const int MinimumStepsPerEpoch = 10;

    /// <summary>Smallest batch the small-data adaptation chooses (a table with fewer rows trains on all rows per step).</summary>
    public const int MinimumBatch = 10;

    /// <summary>CTGAN: packs per critic batch the adapted pac keeps.</summary>
    public const int MinimumPacks = 10;

    /// <summary>CTGAN: below this many rows the plan recommends TVAE (see the remarks of <see cref="TrainingPlan"/>; measured at 400 rows, the threshold itself is a round figure).</summary>
    public const int CtganRecommendedRows = 1000;

    /// <summary>Total optimiser steps.</summary>
    public long TotalSteps => (long)StepsPerEpoch * Epochs;

    /// <summary>The plan for <paramref name="model"/> ("ctgan" or "tvae") on <paramref name="rows"/> rows.</summary>
    public static TrainingPlan For(string model, SynthesizerOptions options, int rows)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ctgan = model == "ctgan";
        var notices = new List<string>();
        var batch = Math.Min(options.BatchSize, rows);
        var pac = ctgan ? options.Pac : 1;
        if (options.AdaptToSmallData && rows / batch < MinimumStepsPerEpoch && batch > MinimumBatch)
        {
            var adapted = Math.Max(rows / MinimumStepsPerEpoch, Math.Min(MinimumBatch, rows));
            if (adapted < batch)
            {
                notices.Add(Invariant($"small table ({rows} rows): batch {options.BatchSize} → {adapted} so that an epoch has about {rows / adapted} steps instead of {Math.Max(rows / batch, 1)} ({options.Epochs} epochs = {(long)options.Epochs * Math.Max(rows / adapted, 1)} steps)"));
                batch = adapted;
            }
            if (ctgan && batch / pac < MinimumPacks)
            {
                var smaller = Math.Max(1, batch / MinimumPacks);
                if (smaller < pac)
                {
                    notices.Add(Invariant($"pac {options.Pac} → {smaller} so that a critic batch holds {batch / smaller} packs"));
                    pac = smaller;
                }
            }
        }
        if (ctgan)
        {
            batch = Math.Max(batch / pac * pac, pac);
            if (rows < CtganRecommendedRows)
                notices.Add(Invariant($"CTGAN on {rows} rows (< {CtganRecommendedRows}): GANs are unreliable on small tables; TvaeSynthesizer is recommended"));
        }
        return new TrainingPlan(rows, batch, pac, options.Epochs, Math.Max(rows / batch, 1), notices);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
