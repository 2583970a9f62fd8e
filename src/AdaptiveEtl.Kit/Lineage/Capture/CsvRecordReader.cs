using System.Text;

namespace AdaptiveEtl.Kit.Lineage.Capture;

/// <summary>
/// A minimal RFC 4180 reader (quoted fields with doubled quotes, embedded commas and line breaks) — query logs put
/// multi-line SQL in quoted fields. Hand-written because no CSV parser is among the kit's served packages
/// (Microsoft.Data.Analysis' LoadCsv does not keep line breaks inside quoted fields).
/// </summary>
internal static class CsvRecordReader
{
    /// <summary>Reads all records; the first is the header. Returns (line number where the record starts, fields).</summary>
    public static IEnumerable<(int Line, string[] Fields)> Read(TextReader reader, string source)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1;
        bool inQuotes = false, any = false;
        int ch;
        while ((ch = reader.Read()) != -1)
        {
            char c = (char)ch;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else inQuotes = false;
                }
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"': inQuotes = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    line++;
                    if (any || field.Length > 0) { fields.Add(field.ToString()); yield return (recordLine, fields.ToArray()); }
                    fields.Clear(); field.Clear(); any = false; recordLine = line;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (inQuotes) throw new KitDataException($"unterminated quoted field starting in the record at line {recordLine}; expected a closing '\"'.", source);
        if (any || field.Length > 0) { fields.Add(field.ToString()); yield return (recordLine, fields.ToArray()); }
    }
}
