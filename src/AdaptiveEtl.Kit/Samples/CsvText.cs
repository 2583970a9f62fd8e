using System.Globalization;
using System.Text;

namespace AdaptiveEtl.Kit.Samples;

/// <summary>Writes RFC 4180 CSV text with invariant formatting and LF line ends (deterministic output).</summary>
internal sealed class CsvText
{
    private readonly StringBuilder _sb = new();

    public CsvText(params string[] header) => Row(header);

    public CsvText Row(params object?[] fields)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) _sb.Append(',');
            _sb.Append(Field(fields[i]));
        }
        _sb.Append('\n');
        return this;
    }

    public static string Field(object? value)
    {
        string s = value switch
        {
            null => "",
            string str => str,
            bool b => b ? "true" : "false",
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    public override string ToString() => _sb.ToString();
}
