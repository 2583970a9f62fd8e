using System.Numerics;
using System.Text;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>Appends one .NET value to a DuckDB appender row with the overload of its type, and returns its size in bytes.</summary>
internal static class DuckDbAppend
{
    public static long Value(IDuckDBAppenderRow row, object? value, string duckType)
    {
        switch (value)
        {
            case null: row.AppendNullValue(); return 0;
            case string s: row.AppendValue(s); return Encoding.UTF8.GetByteCount(s);
            case long l: row.AppendValue((long?)l); return 8;
            case int i: row.AppendValue((int?)i); return 4;
            case short sh: row.AppendValue((short?)sh); return 2;
            case byte b: row.AppendValue((byte?)b); return 1;
            case sbyte sb: row.AppendValue((sbyte?)sb); return 1;
            case uint ui: row.AppendValue((uint?)ui); return 4;
            case ushort us: row.AppendValue((ushort?)us); return 2;
            case ulong ul: row.AppendValue((ulong?)ul); return 8;
            case bool bo: row.AppendValue((bool?)bo); return 1;
            case double d: row.AppendValue((double?)d); return 8;
            case float f: row.AppendValue((float?)f); return 4;
            case decimal m: row.AppendValue((decimal?)m); return 16;
            case BigInteger bi: row.AppendValue((BigInteger?)bi); return 16;
            case DateTime dt when duckType.Equals("DATE", StringComparison.OrdinalIgnoreCase): row.AppendValue((DateOnly?)DateOnly.FromDateTime(dt)); return 4;
            case DateTime dt: row.AppendValue((DateTime?)dt); return 8;
            case DateTimeOffset dto: row.AppendValue((DateTimeOffset?)dto); return 8;
            case DateOnly d: row.AppendValue((DateOnly?)d); return 4;
            case TimeOnly t: row.AppendValue((TimeOnly?)t); return 8;
            case TimeSpan ts: row.AppendValue((TimeSpan?)ts); return 16;
            case Guid g: row.AppendValue((Guid?)g); return 16;
            case byte[] blob: row.AppendValue(blob); return blob.Length;
            default:
                var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                row.AppendValue(text);
                return Encoding.UTF8.GetByteCount(text);
        }
    }
}
