using AdaptiveEtl.Kit.Drift.Comparison;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Drift.Streaming;

/// <summary>
/// Watches a pipeline's batches for drift against a reference profile kept in bounded memory (a reservoir sample per
/// numeric column, capped category counts per categorical column). Batches are grouped into tumbling or sliding windows
/// (<see cref="DriftStreamOptions.WindowBatches"/>, <see cref="DriftStreamOptions.StepBatches"/>); each full window is
/// compared with the profile using the same per-column methods as <see cref="DriftDetector"/>, and on the shares of
/// missing and ±∞ values against the whole reference (exact counts, not the reservoir); drifting windows raise
/// <see cref="Alert"/>; every window's scores go to the optional <see cref="DriftScoreStore"/>.
/// </summary>
/// <example><code>
/// var monitor = DriftStreamMonitor.FromReference(referenceFrame, new DriftStreamOptions { Pipeline = "orders", WindowBatches = 3, StepBatches = 1 }, store);
/// monitor.Alert += (_, e) =&gt; Console.WriteLine($"drift in {string.Join(", ", e.DriftedColumns)}");
/// foreach (var (time, batch) in batches) monitor.Observe(batch, time);
/// </code></example>
public sealed class DriftStreamMonitor
{
    private readonly DriftStreamOptions _options;
    private readonly DriftScoreStore? _store;
    private readonly TableSchema _schema;
    private readonly Dictionary<string, ReservoirSample> _numeric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _categorical = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset Time, DataFrame Batch)> _window = new();
    private readonly Queue<DriftWindowResult> _history = new();
    private readonly Dictionary<string, (long Rows, long Missing, long NonFinite)> _referenceMissing = new(StringComparer.Ordinal);
    private long _referenceRows;
    private int _sinceLastWindow;

    /// <summary>Creates a monitor for tables of <paramref name="schema"/>; feed the reference with <see cref="AddReference"/>.</summary>
    public DriftStreamMonitor(TableSchema schema, DriftStreamOptions? options = null, DriftScoreStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _options = options ?? new DriftStreamOptions();
        if (_options.WindowBatches < 1 || _options.Step < 1) throw new ArgumentOutOfRangeException(nameof(options), "WindowBatches and StepBatches must be at least 1.");
        if (_options.MaxHistory < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.MaxHistory, "MaxHistory must be at least 1.");
        _store = store;
        int k = 0;
        foreach (var c in schema.Columns)
        {
            if (_options.Drift.RuleFor(c.Name).Ignore) continue;
            if (c.Kind is ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.DateTime) _numeric[c.Name] = new ReservoirSample(_options.ReservoirSize, _options.Seed + k++);
            else if (c.Kind is ColumnKind.Categorical or ColumnKind.Boolean) _categorical[c.Name] = new Dictionary<string, long>(StringComparer.Ordinal);
        }
    }

    /// <summary>Creates a monitor whose schema is inferred from, and whose profile is built from, <paramref name="reference"/>.</summary>
    public static DriftStreamMonitor FromReference(DataFrame reference, DriftStreamOptions? options = null, DriftScoreStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var o = options ?? new DriftStreamOptions();
        var monitor = new DriftStreamMonitor(o.Drift.Schema ?? TableSchema.Infer(reference, o.Pipeline), o, store);
        monitor.AddReference(reference);
        return monitor;
    }

    /// <summary>Raised when a window drifts (dataset drift, an inconclusive comparison, or dataset signal ≥ <see cref="DriftStreamOptions.AlertSignal"/>).</summary>
    public event EventHandler<DriftAlertEventArgs>? Alert;

    /// <summary>The last <see cref="DriftStreamOptions.MaxHistory"/> evaluated windows, oldest first.</summary>
    public IReadOnlyList<DriftWindowResult> History => _history.ToArray();

    /// <summary>Rows folded into the reference profile.</summary>
    public long ReferenceRows => _referenceRows;

    /// <summary>Adds rows to the reference profile (bounded memory: reservoir and capped counts).</summary>
    public void AddReference(DataFrame rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var name in _numeric.Keys.Concat(_categorical.Keys))
            if (Find(rows, name) is null) throw new KitDataException("the reference batch lacks a monitored column.", _options.Pipeline, name);
        foreach (var name in _numeric.Keys.Concat(_categorical.Keys))
        {
            var col = Find(rows, name)!;
            var (missing, nonFinite) = MissingValueComparison.Count(col);
            var (r, m, f) = _referenceMissing.GetValueOrDefault(name);
            _referenceMissing[name] = (r + col.Length, m + missing, f + nonFinite);
        }
        foreach (var (name, reservoir) in _numeric)
        {
            var col = Find(rows, name)!;
            for (long i = 0; i < col.Length; i++) reservoir.Add(ColumnValues.ToNumber(col[i]));
        }
        foreach (var (name, counts) in _categorical)
        {
            var col = Find(rows, name)!;
            foreach (var (label, n) in ColumnValues.CategoryCounts(col))
            {
                var key = counts.ContainsKey(label) || counts.Count < _options.MaxCategories ? label : "(other)";
                counts[key] = counts.GetValueOrDefault(key) + n;
            }
        }
        _referenceRows += rows.Rows.Count;
    }

    /// <summary>
    /// Adds one pipeline batch observed at <paramref name="time"/>; when this completes a window, evaluates it, records
    /// it (history, store), raises <see cref="Alert"/> if it drifted, and returns it; otherwise returns null.
    /// </summary>
    public DriftWindowResult? Observe(DataFrame batch, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_referenceRows == 0) throw new InvalidOperationException("the reference profile is empty; call AddReference first.");
        _window.Enqueue((time, batch));
        while (_window.Count > _options.WindowBatches) _window.Dequeue();
        _sinceLastWindow++;
        if (_window.Count < _options.WindowBatches || _sinceLastWindow < _options.Step) return null;
        _sinceLastWindow = 0;
        var report = Evaluate(_window.Select(w => w.Batch).ToArray());
        bool alerted = report.Verdict != DriftVerdict.NoDrift || report.Signal >= _options.AlertSignal;
        var result = new DriftWindowResult(_options.Pipeline, _window.Peek().Time, time, _window.Count, report, alerted);
        _history.Enqueue(result);
        while (_history.Count > _options.MaxHistory) _history.Dequeue();
        _store?.Append(result);
        if (alerted) Alert?.Invoke(this, new DriftAlertEventArgs(result));
        return result;
    }

    private DriftReport Evaluate(IReadOnlyList<DataFrame> batches)
    {
        var o = _options.Drift;
        var results = new List<ColumnDriftResult>();
        long rows = batches.Sum(b => b.Rows.Count);
        foreach (var c in _schema.Columns)
        {
            var rule = o.RuleFor(c.Name);
            if (rule.Ignore) { results.Add(ColumnDriftEvaluator.Skipped(c.Name, c.Kind, rule, "ignored by the options.")); continue; }
            if (c.Kind == ColumnKind.Text) { results.Add(ColumnDriftEvaluator.Skipped(c.Name, c.Kind, rule, "free-text column; not monitored.")); continue; }
            var cols = batches.Select(b => Find(b, c.Name)).ToArray();
            if (cols.Any(x => x is null))
            {
                results.Add(new ColumnDriftResult { Column = c.Name, Kind = c.Kind, Status = DriftStatus.MissingInCurrent, Weight = rule.Weight, Message = "absent from a batch of the window." });
                continue;
            }
            if (_numeric.TryGetValue(c.Name, out var reservoir))
            {
                if (cols.Any(x => ColumnValues.FamilyOf(x!) == ValueFamily.Categorical))
                {
                    results.Add(new ColumnDriftResult { Column = c.Name, Kind = c.Kind, Status = DriftStatus.TypeMismatch, Weight = rule.Weight, Message = "the reference is numeric but a batch holds text." });
                    continue;
                }
                var reference = reservoir.ToSortedArray();
                var current = cols.SelectMany(x => ColumnValues.SortedNumbers(x!)).ToArray();
                Array.Sort(current);
                results.Add(WithMissingValues(c.Name, cols!, reference.Length == 0 || current.Length == 0
                    ? ColumnDriftEvaluator.Empty(c.Name, c.Kind, rule, reference.Length, current.Length)
                    : ColumnDriftEvaluator.Numeric(c.Name, c.Kind, NumericComparison.FromSorted(reference, current, o.PsiBins), o)));
            }
            else
            {
                var refCounts = _categorical[c.Name];
                var curCounts = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var col in cols)
                    foreach (var (label, n) in ColumnValues.CategoryCounts(col!))
                    {
                        var key = refCounts.ContainsKey(label) || !refCounts.ContainsKey("(other)") ? label : "(other)";
                        curCounts[key] = curCounts.GetValueOrDefault(key) + n;
                    }
                results.Add(WithMissingValues(c.Name, cols!, ColumnDriftEvaluator.Categorical(c.Name, c.Kind, refCounts, curCounts, o)));
            }
        }
        return new DriftReport(results, o.DatasetDriftShare, _referenceRows, rows);
    }

    /// <summary>Adds the missing/±∞ share comparison of the window against the whole reference (not only the reservoir).</summary>
    private ColumnDriftResult WithMissingValues(string name, DataFrameColumn?[] window, ColumnDriftResult values)
    {
        var (rn, rm, rf) = _referenceMissing.GetValueOrDefault(name);
        long cn = 0, cm = 0, cf = 0;
        foreach (var col in window)
        {
            var (missing, nonFinite) = MissingValueComparison.Count(col!);
            cn += col!.Length;
            cm += missing;
            cf += nonFinite;
        }
        return ColumnDriftEvaluator.WithMissingValues(values, MissingValueComparison.FromCounts(rn, rm, rf, cn, cm, cf, _options.Drift), _options.Drift);
    }

    private static DataFrameColumn? Find(DataFrame frame, string name)
    {
        int i = frame.Columns.IndexOf(name);
        return i < 0 ? null : frame.Columns[i];
    }
}
