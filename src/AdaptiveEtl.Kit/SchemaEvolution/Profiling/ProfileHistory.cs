using System.Text.Json;
using AdaptiveEtl.Kit.Lineage.Export;
using AdaptiveEtl.Kit.SchemaEvolution.Recommendations;
using MathNet.Numerics;

namespace AdaptiveEtl.Kit.SchemaEvolution.Profiling;

/// <summary>
/// Profile snapshots over time, for trend checks: is a column's maximum or longest string growing, and when would it
/// reach its type's limit? Saved as JSON (written to a temporary file and moved into place).
/// </summary>
public sealed class ProfileHistory
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly List<TableProfile> _snapshots = [];

    /// <summary>All snapshots, oldest first.</summary>
    public IReadOnlyList<TableProfile> All => _snapshots;

    /// <summary>Adds a snapshot (kept in time order).</summary>
    public ProfileHistory Add(TableProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        int i = _snapshots.FindLastIndex(p => p.TakenAt <= profile.TakenAt);
        _snapshots.Insert(i + 1, profile);
        return this;
    }

    /// <summary>The snapshots of one table, oldest first.</summary>
    public IReadOnlyList<TableProfile> Snapshots(QualifiedTable table) => _snapshots.Where(p => p.Table == table).ToList();

    /// <summary>The latest snapshot of each table.</summary>
    public IReadOnlyList<TableProfile> Latest() => _snapshots.GroupBy(p => p.Table).Select(g => g.Last()).ToList();

    /// <summary>The trend of a column's maximum value (numeric/temporal columns), or null with fewer than two snapshots holding one.</summary>
    public ValueTrend? MaxTrend(QualifiedTable table, string column) => Trend(table, column, c => c.Max);

    /// <summary>The trend of a column's minimum value, or null.</summary>
    public ValueTrend? MinTrend(QualifiedTable table, string column) => Trend(table, column, c => c.Min);

    /// <summary>The trend of a string column's longest value, or null.</summary>
    public ValueTrend? LengthTrend(QualifiedTable table, string column) => Trend(table, column, c => c.MaxLength);

    /// <summary>The trend of a table's row count, or null.</summary>
    public ValueTrend? RowTrend(QualifiedTable table) => Fit(Snapshots(table).Select(p => (p.TakenAt, (double?)p.RowCount)));

    private ValueTrend? Trend(QualifiedTable table, string column, Func<ColumnProfile, double?> pick) =>
        Fit(Snapshots(table).Select(p => (p.TakenAt, p.Column(column) is { } c ? pick(c) : null)));

    private static ValueTrend? Fit(IEnumerable<(DateTimeOffset At, double? Value)> series)
    {
        var points = series.Where(p => p.Value is not null).ToList();
        if (points.Count < 2) return null;
        var first = points[0].At;
        var x = points.Select(p => (p.At - first).TotalDays).ToArray();
        if (x.Distinct().Count() < 2) return null;
        var (a, b) = MathNet.Numerics.Fit.Line(x, points.Select(p => p.Value!.Value).ToArray());
        return new ValueTrend(points.Count, first, a, b, points[^1].Value!.Value);
    }

    /// <summary>Writes the history as JSON (atomically: temporary file, then move).</summary>
    public void Save(string path) => AtomicFile.Write(path, w => w.Write(ToJson()));

    /// <summary>The history as JSON (what <see cref="Save"/> writes; <see cref="FromJson"/> reads it back).</summary>
    public string ToJson() => JsonSerializer.Serialize(_snapshots, Json).Replace("\r\n", "\n") + "\n";

    /// <summary>Reads the JSON of <see cref="ToJson"/>.</summary>
    /// <exception cref="KitDataException">The text is not a profile history.</exception>
    public static ProfileHistory FromJson(string json, string source = "profile history JSON")
    {
        List<TableProfile>? list;
        try { list = JsonSerializer.Deserialize<List<TableProfile>>(json, Json); }
        catch (JsonException e) { throw new KitDataException($"is not a profile history ({e.Message}); expected the JSON written by ProfileHistory.Save.", source, inner: e); }
        var history = new ProfileHistory();
        foreach (var p in list ?? []) history.Add(p);
        return history;
    }

    /// <summary>Reads a history written by <see cref="Save"/>.</summary>
    /// <exception cref="KitDataException">The file is missing or not a profile history.</exception>
    public static ProfileHistory Load(string path) =>
        File.Exists(path) ? FromJson(File.ReadAllText(path), path) : throw new KitDataException("profile history not found.", path);
}
