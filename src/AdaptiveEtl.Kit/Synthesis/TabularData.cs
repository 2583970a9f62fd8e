using System.Globalization;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// A column-oriented, typed view of a table for the synthesis capability: numeric kinds (continuous, integer,
/// date-time as epoch seconds) are held as nullable doubles, categorical/boolean/text columns as nullable strings.
/// Converts from and back to a <see cref="DataFrame"/> keeping each column's original .NET type.
/// </summary>
public sealed class TabularData
{
    private readonly double?[]?[] _numeric;
    private readonly string?[]?[] _labels;
    private readonly Type[] _types;
    private readonly bool[] _dateOnly;

    private TabularData(TableSchema schema, int rows, double?[]?[] numeric, string?[]?[] labels, Type[] types, bool[] dateOnly)
    {
        Schema = schema;
        RowCount = rows;
        _numeric = numeric;
        _labels = labels;
        _types = types;
        _dateOnly = dateOnly;
    }

    /// <summary>The schema (column kinds decide numeric vs label storage).</summary>
    public TableSchema Schema { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>True when the column is stored as numbers (continuous, integer, date-time).</summary>
    public static bool IsNumericKind(ColumnKind kind) => kind is ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.DateTime;

    /// <summary>The numeric values of a continuous/integer/date-time column (date-times as Unix epoch seconds).</summary>
    /// <exception cref="KitDataException">The column is not numeric.</exception>
    public IReadOnlyList<double?> Numeric(string column) =>
        _numeric[Index(column)] ?? throw new KitDataException($"is {Schema[column].Kind}, not a numeric column.", Schema.Name, column);

    /// <summary>The labels of a categorical/boolean/text column (booleans as "true"/"false").</summary>
    /// <exception cref="KitDataException">The column is numeric.</exception>
    public IReadOnlyList<string?> Labels(string column) =>
        _labels[Index(column)] ?? throw new KitDataException($"is {Schema[column].Kind}, not a label column.", Schema.Name, column);

    /// <summary>The column's position in <see cref="Schema"/>.</summary>
    public int Index(string column)
    {
        for (var i = 0; i < Schema.Columns.Count; i++) if (Schema.Columns[i].Name == column) return i;
        _ = Schema[column]; // throws naming the columns
        return -1;
    }

    /// <summary>The .NET type the column had in the source DataFrame (restored by <see cref="ToFrame"/>).</summary>
    public Type ColumnType(string column) => _types[Index(column)];

    /// <summary>An empty table with the given schema, original column types and date-only flags (a template for generated rows).</summary>
    public static TabularData Empty(TableSchema schema, IReadOnlyList<Type> types, IReadOnlyList<bool> dateOnly)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var numeric = schema.Columns.Select(c => IsNumericKind(c.Kind) ? Array.Empty<double?>() : null).ToArray();
        var labels = schema.Columns.Select(c => IsNumericKind(c.Kind) ? null : Array.Empty<string?>()).ToArray();
        return new TabularData(schema, 0, numeric, labels, types.ToArray(), dateOnly.ToArray());
    }

    /// <summary>Whether the original date-time column held dates only (all values at midnight).</summary>
    public bool IsDateOnly(string column) => _dateOnly[Index(column)];

    /// <summary>
    /// Reads a DataFrame. The schema defaults to <see cref="TableSchema.Infer"/>; date-time columns may be DateTime,
    /// DateTimeOffset or ISO-8601 strings; boolean columns bool or "true"/"false" strings.
    /// </summary>
    /// <exception cref="KitDataException">A column of the schema is missing or a value cannot be read as its kind (names column and row).</exception>
    public static TabularData FromFrame(DataFrame frame, TableSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        schema ??= TableSchema.Infer(frame);
        var n = checked((int)frame.Rows.Count);
        var numeric = new double?[]?[schema.Columns.Count];
        var labels = new string?[]?[schema.Columns.Count];
        var types = new Type[schema.Columns.Count];
        var dateOnly = new bool[schema.Columns.Count];
        for (var c = 0; c < schema.Columns.Count; c++)
        {
            var spec = schema.Columns[c];
            var col = frame.Columns.FirstOrDefault(x => x.Name == spec.Name)
                      ?? throw new KitDataException($"the data has no column '{spec.Name}' declared in the schema; columns: {string.Join(", ", frame.Columns.Select(x => x.Name))}.", schema.Name, spec.Name);
            types[c] = col.DataType;
            if (IsNumericKind(spec.Kind))
            {
                var values = new double?[n];
                var allMidnight = true;
                for (var r = 0; r < n; r++)
                {
                    values[r] = ToNumber(col[r], spec, schema.Name, r);
                    if (spec.Kind == ColumnKind.DateTime && values[r] is { } s && s % 86400 != 0) allMidnight = false;
                }
                numeric[c] = values;
                dateOnly[c] = spec.Kind == ColumnKind.DateTime && allMidnight;
            }
            else
            {
                var values = new string?[n];
                for (var r = 0; r < n; r++)
                    values[r] = col[r] switch
                    {
                        null => null,
                        bool b => b ? "true" : "false",
                        string s when spec.Kind == ColumnKind.Boolean => NormaliseBool(s, schema.Name, spec.Name, r),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        var o => o.ToString(),
                    };
                labels[c] = values;
            }
        }
        return new TabularData(schema, n, numeric, labels, types, dateOnly);
    }

    /// <summary>
    /// Builds data from columns of values (used by generators): <paramref name="numeric"/> for numeric kinds,
    /// <paramref name="labels"/> for the others; <paramref name="template"/> supplies the original .NET column types.
    /// </summary>
    public static TabularData FromColumns(TabularData template, IReadOnlyList<double?[]?> numeric, IReadOnlyList<string?[]?> labels, int rows)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new TabularData(template.Schema, rows, numeric.ToArray(), labels.ToArray(), template._types, template._dateOnly);
    }

    /// <summary>A copy holding only the given rows, in that order.</summary>
    public TabularData Take(IReadOnlyList<int> rows)
    {
        var numeric = _numeric.Select(a => a is null ? null : rows.Select(r => a[r]).ToArray()).ToArray();
        var labels = _labels.Select(a => a is null ? null : rows.Select(r => a[r]).ToArray()).ToArray();
        return new TabularData(Schema, rows.Count, numeric, labels, _types, _dateOnly);
    }

    /// <summary>Rows of this table followed by rows of <paramref name="other"/> (same schema).</summary>
    public TabularData Concat(TabularData other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var numeric = new double?[]?[_numeric.Length];
        var labels = new string?[]?[_labels.Length];
        for (var c = 0; c < _numeric.Length; c++)
        {
            var name = Schema.Columns[c].Name;
            if (_numeric[c] is { } a) numeric[c] = a.Concat(other.Numeric(name)).ToArray();
            if (_labels[c] is { } l) labels[c] = l.Concat(other.Labels(name)).ToArray();
        }
        return new TabularData(Schema, RowCount + other.RowCount, numeric, labels, _types, _dateOnly);
    }

    /// <summary>Converts back to a DataFrame with each column's original .NET type (numbers rounded for integer types).</summary>
    public DataFrame ToFrame()
    {
        var columns = new List<DataFrameColumn>();
        for (var c = 0; c < Schema.Columns.Count; c++)
        {
            var spec = Schema.Columns[c];
            var t = _types[c];
            if (_numeric[c] is { } v)
            {
                if (spec.Kind == ColumnKind.DateTime)
                {
                    if (t == typeof(string))
                        columns.Add(new StringDataFrameColumn(spec.Name, v.Select(x => x is { } s ? FormatDate(s, _dateOnly[c]) : null)));
                    else
                        columns.Add(new DateTimeDataFrameColumn(spec.Name, v.Select(x => x is { } s ? (DateTime?)DateTime.UnixEpoch.AddSeconds(Math.Round(s)) : null)));
                }
                else if (t == typeof(int) || t == typeof(short) || t == typeof(byte) || t == typeof(sbyte) || t == typeof(ushort))
                    columns.Add(new Int32DataFrameColumn(spec.Name, v.Select(x => x is { } d ? (int?)(int)Math.Round(d) : null)));
                else if (t == typeof(long) || t == typeof(uint) || t == typeof(ulong) || spec.Kind == ColumnKind.Integer)
                    columns.Add(new Int64DataFrameColumn(spec.Name, v.Select(x => x is { } d ? (long?)(long)Math.Round(d) : null)));
                else if (t == typeof(float))
                    columns.Add(new SingleDataFrameColumn(spec.Name, v.Select(x => x is { } d ? (float?)(float)d : null)));
                else
                    columns.Add(new DoubleDataFrameColumn(spec.Name, v));
            }
            else
            {
                var l = _labels[c]!;
                if (spec.Kind == ColumnKind.Boolean && t == typeof(bool))
                    columns.Add(new BooleanDataFrameColumn(spec.Name, l.Select(x => x is null ? (bool?)null : x == "true")));
                else
                    columns.Add(new StringDataFrameColumn(spec.Name, l));
            }
        }
        return new DataFrame(columns);
    }

    /// <summary>
    /// Loads a CSV file into a DataFrame with the kit's one CSV loader (<see cref="Data.CsvFrame"/>): whole numbers as long,
    /// other numbers as double, ISO dates/timestamps as DateTime (UTC), true/false as bool, everything else as string.
    /// </summary>
    /// <exception cref="KitDataException">The file is missing or cannot be parsed (file, line and column named).</exception>
    public static DataFrame LoadCsv(string path) => Data.CsvFrame.Read(path);

    private static string FormatDate(double seconds, bool dateOnly)
    {
        var t = DateTime.UnixEpoch.AddSeconds(Math.Round(seconds));
        return dateOnly ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }

    private static string NormaliseBool(string s, string table, string column, int row) => s.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "t" or "yes" => "true",
        "false" or "0" or "f" or "no" => "false",
        "" => throw new KitDataException("empty boolean value; expected true or false (use a null for missing).", table, column, row),
        _ => throw new KitDataException($"'{s}' is not a boolean; expected true or false.", table, column, row),
    };

    private static double? ToNumber(object? value, ColumnSchema spec, string table, int row)
    {
        switch (value)
        {
            case null: return null;
            case DateTime dt: return (DateTime.SpecifyKind(dt, dt.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dt.Kind).ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;
            case DateTimeOffset dto: return (dto.UtcDateTime - DateTime.UnixEpoch).TotalSeconds;
            case string s when spec.Kind == ColumnKind.DateTime:
                if (string.IsNullOrWhiteSpace(s)) return null;
                if (DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                    return (parsed - DateTime.UnixEpoch).TotalSeconds;
                throw new KitDataException($"'{s}' is not an ISO-8601 date or timestamp.", table, spec.Name, row);
            case string s:
                if (string.IsNullOrWhiteSpace(s)) return null;
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
                throw new KitDataException($"'{s}' is not a number; expected a {spec.Kind.ToString().ToLowerInvariant()} value.", table, spec.Name, row);
            case bool b: return b ? 1 : 0;
            case IConvertible conv:
                var x = conv.ToDouble(CultureInfo.InvariantCulture);
                if (double.IsNaN(x)) return null;
                if (!double.IsFinite(x)) throw new KitDataException($"infinite value {x}; expected a finite number.", table, spec.Name, row);
                return x;
            default:
                throw new KitDataException($"value of type {value.GetType().Name} cannot be read as {spec.Kind}.", table, spec.Name, row);
        }
    }
}
