using System.Globalization;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Drift.Comparison;

/// <summary>The storage family of a DataFrame column, used to detect type mismatches between reference and current.</summary>
internal enum ValueFamily { Numeric, Temporal, Categorical }

/// <summary>Reads DataFrame columns into what the comparisons need: sorted non-missing numbers, or category counts.</summary>
internal static class ColumnValues
{
    public static ValueFamily FamilyOf(DataFrameColumn column)
    {
        var t = column.DataType;
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly)) return ValueFamily.Temporal;
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal) || t == typeof(int) || t == typeof(long) || t == typeof(short)
            || t == typeof(byte) || t == typeof(sbyte) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort)) return ValueFamily.Numeric;
        return ValueFamily.Categorical;
    }

    /// <summary>Non-missing values as doubles (date-times as Unix seconds), NaN and ±∞ dropped, sorted ascending.</summary>
    public static double[] SortedNumbers(DataFrameColumn column)
    {
        var values = new double[column.Length];
        int n = 0;
        if (column is DoubleDataFrameColumn dc)
        {
            for (long i = 0; i < dc.Length; i++)
                if (dc[i] is double v && double.IsFinite(v)) values[n++] = v;
        }
        else
        {
            for (long i = 0; i < column.Length; i++)
            {
                double v = ToNumber(column[i]);
                if (double.IsFinite(v)) values[n++] = v;
            }
        }
        Array.Resize(ref values, n);
        Array.Sort(values);
        return values;
    }

    /// <summary>One value as a double: numbers as themselves, date-times as Unix seconds, anything else NaN.</summary>
    public static double ToNumber(object? value) => value switch
    {
        null => double.NaN,
        double d => d,
        float f => f,
        DateTime dt => (dt.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds,
        DateTimeOffset dto => dto.ToUnixTimeMilliseconds() / 1000.0,
        DateOnly d => (d.ToDateTime(TimeOnly.MinValue) - DateTime.UnixEpoch).TotalSeconds,
        IConvertible c when !(value is string || value is bool || value is char) => c.ToDouble(CultureInfo.InvariantCulture),
        _ => double.NaN,
    };

    /// <summary>Counts of each non-missing value rendered as invariant text (booleans as <c>true</c>/<c>false</c>).</summary>
    public static Dictionary<string, long> CategoryCounts(DataFrameColumn column)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (long i = 0; i < column.Length; i++)
        {
            var label = Label(column[i]);
            if (label is null) continue;
            counts[label] = counts.GetValueOrDefault(label) + 1;
        }
        return counts;
    }

    /// <summary>The category label of one value, or null when missing (null, NaN).</summary>
    public static string? Label(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d when double.IsNaN(d) => null,
        float f when float.IsNaN(f) => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
