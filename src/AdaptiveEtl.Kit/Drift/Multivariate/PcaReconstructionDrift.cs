using AdaptiveEtl.Kit.Drift.Comparison;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Drift.Multivariate;

/// <summary>
/// Multivariate drift by PCA data reconstruction, as NannyML's <c>DataReconstructionDriftCalculator</c>
/// (https://nannyml.readthedocs.io/en/stable/how_it_works/multivariate_drift.html): numeric features are imputed with the
/// reference mean, categorical ones one-hot encoded (reference categories; unseen ones map to none), everything
/// standardized with reference statistics; a PCA keeping 65 % of the variance is fitted on the reference; a batch's
/// drift score is its mean Euclidean reconstruction error. Alert when it leaves mean ± 3σ of the reference's chunk
/// errors. Catches changes in the joint structure (correlations) that per-column tests miss. PCA via Math.NET's
/// symmetric eigen-decomposition.
/// </summary>
public sealed class PcaReconstructionDrift
{
    /// <summary>Reference rows used at most to fit the PCA (evenly spaced subsample beyond this).</summary>
    public const int MaxFitRows = 20_000;

    private readonly IReadOnlyList<Feature> _features;
    private readonly Matrix<double> _projection; // p × p: V_k V_kᵀ
    private readonly double _refMean, _refStd;

    private PcaReconstructionDrift(IReadOnlyList<Feature> features, Matrix<double> projection, int components, double explained, double refMean, double refStd)
    {
        _features = features;
        _projection = projection;
        Components = components;
        ExplainedVariance = explained;
        _refMean = refMean;
        _refStd = refStd;
    }

    /// <summary>Principal components kept.</summary>
    public int Components { get; }

    /// <summary>Share of the standardized reference variance explained by the kept components.</summary>
    public double ExplainedVariance { get; }

    /// <summary>Feature names after one-hot encoding.</summary>
    public IReadOnlyList<string> FeatureNames => _features.Select(f => f.Name).ToArray();

    /// <summary>
    /// Fits the detector on the reference: <paramref name="numericColumns"/> and <paramref name="categoricalColumns"/>
    /// name the inputs; <paramref name="chunks"/> reference chunks give the alert band.
    /// </summary>
    /// <exception cref="KitDataException">No usable feature, fewer reference rows than chunks, or <paramref name="varianceToKeep"/> so high that every component is kept (the detector would be blind).</exception>
    public static PcaReconstructionDrift Fit(DataFrame reference, IEnumerable<string> numericColumns, IEnumerable<string> categoricalColumns,
        double varianceToKeep = 0.65, int chunks = 10, int maxCategoriesPerColumn = 20)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Rows.Count < Math.Max(2, chunks)) throw new KitDataException($"the PCA reconstruction detector needs at least {Math.Max(2, chunks)} reference rows (one per chunk); got {reference.Rows.Count}.", "reference");
        var features = new List<Feature>();
        foreach (var name in numericColumns)
        {
            var col = reference.Columns[name];
            double sum = 0, ss = 0; long n = 0;
            for (long i = 0; i < col.Length; i++)
            {
                double v = ColumnValues.ToNumber(col[i]);
                if (!double.IsFinite(v)) continue;
                sum += v; ss += v * v; n++;
            }
            if (n == 0) continue;
            double mean = sum / n, std = Math.Sqrt(Math.Max(0, ss / n - mean * mean));
            if (std <= 1e-12 * Math.Max(1, Math.Abs(mean))) continue; // constant: carries no variance
            features.Add(new Feature(name, name, null, mean, std));
        }
        foreach (var name in categoricalColumns)
        {
            var counts = ColumnValues.CategoryCounts(reference.Columns[name]);
            foreach (var (cat, _) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(maxCategoriesPerColumn))
            {
                double share = counts[cat] / (double)reference.Rows.Count, std = Math.Sqrt(share * (1 - share));
                if (std <= 0) continue;
                features.Add(new Feature($"{name}={cat}", name, cat, share, std));
            }
        }
        if (features.Count == 0) throw new KitDataException("the PCA reconstruction detector found no usable feature (all columns constant, empty or skipped).", "reference");

        var x = Standardized(reference, features);
        var fit = x;
        if (x.RowCount > MaxFitRows)
        {
            var rows = Enumerable.Range(0, MaxFitRows).Select(i => (int)((long)i * x.RowCount / MaxFitRows)).ToArray();
            fit = Matrix<double>.Build.Dense(rows.Length, x.ColumnCount, (i, j) => x[rows[i], j]);
        }
        // PCA from the eigen-decomposition of the p × p scatter matrix XᵀX (X is standardized, so centred): the same
        // components as the SVD of X without forming its n × n left singular vectors.
        var evd = fit.TransposeThisAndMultiply(fit).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, x.ColumnCount).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var variances = order.Select(i => Math.Max(0, evd.EigenValues[i].Real)).ToArray();
        double total = variances.Sum(), cum = 0;
        int k = 0;
        while (k < variances.Length && (cum / total) < varianceToKeep) { cum += variances[k]; k++; }
        k = Math.Max(1, k);
        if (k >= x.ColumnCount)
        {
            // Keeping every component makes the projection the identity: every batch reconstructs exactly, the error is
            // always 0 and the detector could never alert. Refuse instead of returning a blind detector.
            double upTo = x.ColumnCount > 1 ? variances.Take(x.ColumnCount - 1).Sum() / total : 0;
            throw new KitDataException(x.ColumnCount == 1
                ? $"the PCA reconstruction detector needs at least two usable features; got one ({features[0].Name}), whose reconstruction is always exact."
                : $"varianceToKeep = {varianceToKeep:0.###} keeps all {x.ColumnCount} principal components, so the reconstruction error would be 0 for any batch and the detector could never alert; use varianceToKeep < {upTo:0.###} (the share explained by the first {x.ColumnCount - 1}) or add features.", "reference");
        }
        var vk = Matrix<double>.Build.Dense(x.ColumnCount, k, (i, j) => evd.EigenVectors[i, order[j]]); // p × k
        var projection = vk * vk.Transpose();
        var errors = RowErrors(x, projection);
        var chunkMeans = new double[chunks];
        for (int c = 0; c < chunks; c++)
        {
            int from = (int)((long)c * errors.Length / chunks), to = (int)((long)(c + 1) * errors.Length / chunks);
            double s = 0;
            for (int i = from; i < to; i++) s += errors[i];
            chunkMeans[c] = s / Math.Max(1, to - from);
        }
        double m = chunkMeans.Average();
        double sd = Math.Sqrt(chunkMeans.Sum(v => (v - m) * (v - m)) / Math.Max(1, chunks - 1));
        return new PcaReconstructionDrift(features, projection, k, total > 0 ? cum / total : 0, m, sd);
    }

    /// <summary>Mean reconstruction error of a batch and its verdict against the reference band.</summary>
    /// <exception cref="KitDataException">The batch is empty or lacks a fitted column.</exception>
    public MultivariateDriftResult Evaluate(DataFrame current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Rows.Count == 0) throw new KitDataException("the current batch is empty.", "current");
        foreach (var c in _features.Select(f => f.Column).Distinct())
            if (!current.Columns.Any(col => col.Name == c)) throw new KitDataException("the column the PCA detector was fitted on is missing.", "current", c);
        var errors = RowErrors(Standardized(current, _features), _projection);
        double e = errors.Average();
        double lo = _refMean - 3 * _refStd, hi = _refMean + 3 * _refStd;
        return new MultivariateDriftResult(e, _refMean, _refStd, lo, hi, e < lo || e > hi, Components, ExplainedVariance, FeatureNames);
    }

    private static Matrix<double> Standardized(DataFrame frame, IReadOnlyList<Feature> features)
    {
        var m = Matrix<double>.Build.Dense((int)frame.Rows.Count, features.Count);
        for (int j = 0; j < features.Count; j++)
        {
            var f = features[j];
            var col = frame.Columns[f.Column];
            for (int i = 0; i < m.RowCount; i++)
            {
                var raw = col[i];
                double v = f.Category is null
                    ? (ColumnValues.ToNumber(raw) is var d && double.IsFinite(d) ? d : f.Mean) // mean imputation
                    : (ColumnValues.Label(raw) == f.Category ? 1 : 0);
                m[i, j] = (v - f.Mean) / f.Std;
            }
        }
        return m;
    }

    private static double[] RowErrors(Matrix<double> x, Matrix<double> projection)
    {
        var residual = x - x * projection;
        var errors = new double[x.RowCount];
        for (int i = 0; i < errors.Length; i++) errors[i] = residual.Row(i).L2Norm();
        return errors;
    }

    private sealed record Feature(string Name, string Column, string? Category, double Mean, double Std);
}
