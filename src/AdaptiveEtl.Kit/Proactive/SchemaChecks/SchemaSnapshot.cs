using System.Text.Json;
using System.Text.Json.Serialization;
using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Schema;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.SchemaChecks;

/// <summary>
/// The schema of staged or arriving data with a sample of each column's values: what <see cref="SchemaChecker"/>
/// compares. Taken from a DuckDB table (<see cref="FromDuckDb"/>) or made from a declared <see cref="TableSchema"/>.
/// </summary>
/// <param name="Origin">Where it was observed: a file name, a table, or "expected".</param>
/// <param name="Columns">Columns in order.</param>
public sealed record SchemaSnapshot(string Origin, IReadOnlyList<ObservedColumn> Columns)
{
    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public ObservedColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The kit's schema model of this snapshot.</summary>
    public TableSchema ToTableSchema() => new(Origin, Columns.Select(c => new ColumnSchema(c.Name, c.Kind, c.Nullable)));

    /// <summary>A snapshot of a declared schema (storage types from the kinds; no sample values).</summary>
    public static SchemaSnapshot FromTableSchema(TableSchema schema, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SchemaSnapshot(origin ?? schema.Name, schema.Columns.Select(c => new ObservedColumn(c.Name, DuckDbTypes.StorageTypeOf(c.Kind), c.Kind, c.Nullable, [])).ToArray());
    }

    /// <summary>
    /// Observes a table of an open DuckDB connection: column names and types from the catalog, nullability and up to
    /// <paramref name="sampleSize"/> distinct values per column from the data. <paramref name="excludeColumns"/> are skipped
    /// (e.g. the staging store's bookkeeping columns).
    /// </summary>
    /// <exception cref="KitDataException">The table does not exist.</exception>
    public static SchemaSnapshot FromDuckDb(DuckDBConnection connection, string table, string origin, int sampleSize = 200, IReadOnlyCollection<string>? excludeColumns = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleSize);
        var q = SqlIdentifier.Quote(table);
        var described = new List<(string Name, string Type)>();
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"DESCRIBE {q}";
            using var r = cmd.ExecuteReader();
            while (r.Read()) described.Add((r.GetString(0), r.GetString(1)));
        }
        catch (DuckDBException e)
        {
            throw new KitDataException($"cannot describe the table: {e.Message}", table, inner: e);
        }
        var columns = described.Where(c => excludeColumns is null || !excludeColumns.Contains(c.Name)).ToList();
        if (columns.Count == 0) return new SchemaSnapshot(origin, []);

        // Nulls and row count in one scan; the sample reads at most 20 × sampleSize rows per column.
        long rows;
        var nulls = new long[columns.Count];
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT count(*), {string.Join(", ", columns.Select(c => $"count(*) - count({SqlIdentifier.Quote(c.Name)})"))} FROM {q}";
            using var r = cmd.ExecuteReader();
            r.Read();
            rows = Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            for (int i = 0; i < columns.Count; i++) nulls[i] = Convert.ToInt64(r.GetValue(i + 1), System.Globalization.CultureInfo.InvariantCulture);
        }
        var observed = new List<ObservedColumn>(columns.Count);
        for (int i = 0; i < columns.Count; i++)
        {
            var (name, type) = columns[i];
            var samples = new List<string>();
            if (sampleSize > 0)
            {
                var c = SqlIdentifier.Quote(name);
                using var cmd = connection.CreateCommand();
                cmd.CommandText = $"SELECT DISTINCT CAST(v AS VARCHAR) FROM (SELECT {c} AS v FROM {q} WHERE {c} IS NOT NULL LIMIT {checked(sampleSize * 20)}) ORDER BY 1 LIMIT {sampleSize}";
                using var r = cmd.ExecuteReader();
                while (r.Read()) samples.Add(r.GetString(0));
            }
            var kind = DuckDbTypes.KindOf(type);
            observed.Add(new ObservedColumn(name, DuckDbTypes.Normalize(type), kind, nulls[i] > 0 || rows == 0, samples));
        }
        return new SchemaSnapshot(origin, observed);
    }

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Serialises the snapshot (stored by the staging store as the expected schema).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses <see cref="ToJson"/> output.</summary>
    /// <exception cref="KitDataException">The text is not a serialised snapshot.</exception>
    public static SchemaSnapshot FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<SchemaSnapshot>(json, Json) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new KitDataException($"not a stored schema snapshot: {e.Message}", inner: e);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Origin}({string.Join(", ", Columns)})";
}
