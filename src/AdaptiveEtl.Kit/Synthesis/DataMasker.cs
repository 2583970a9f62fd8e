using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdaptiveEtl.Kit.Schema;
using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Synthesis;

/// <summary>
/// Masks/anonymises sensitive columns before a generator is trained on them (see <see cref="MaskingMethod"/>).
/// One masker keeps its token table, so the same value gets the same token across batches.
/// </summary>
public sealed class DataMasker
{
    private readonly MaskingPolicy _policy;
    private readonly Dictionary<(string Column, string Value), string> _tokens = [];
    private readonly Random? _tokenRandom;

    /// <summary>Creates a masker for a policy.</summary>
    public DataMasker(MaskingPolicy policy)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _tokenRandom = policy.TokenSeed is { } s ? new Random(s) : null;
    }

    /// <summary>Masks a table: applies each column's rule and returns the new data and schema.</summary>
    /// <exception cref="KitDataException">A rule names a column that the schema lacks, or a rule does not fit the column kind.</exception>
    public MaskedTable Mask(DataFrame frame, TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var name in _policy.Rules.Keys) _ = schema[name];
        var columns = new List<DataFrameColumn>();
        var specs = new List<ColumnSchema>();
        foreach (var spec in schema.Columns)
        {
            var col = frame.Columns.FirstOrDefault(c => c.Name == spec.Name)
                      ?? throw new KitDataException("the data lacks this schema column.", schema.Name, spec.Name);
            var rule = _policy.RuleFor(spec.Name);
            switch (rule.Method)
            {
                case MaskingMethod.Keep:
                    columns.Add(col.Clone());
                    specs.Add(spec);
                    break;
                case MaskingMethod.Drop:
                    break;
                case MaskingMethod.Hash:
                case MaskingMethod.Tokenize:
                    columns.Add(new StringDataFrameColumn(spec.Name, Values(col).Select(v => v is null ? null : rule.Method == MaskingMethod.Hash ? Hash(v) : Token(spec.Name, v))));
                    specs.Add(spec with { Kind = spec.Kind is ColumnKind.Categorical or ColumnKind.Boolean ? ColumnKind.Categorical : ColumnKind.Text, Sensitive = false });
                    break;
                case MaskingMethod.Generalize:
                    var (generalised, kind) = Generalize(col, spec, rule, schema.Name);
                    columns.Add(generalised);
                    specs.Add(spec with { Kind = kind, Sensitive = false });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(frame), rule.Method, "unknown masking method");
            }
        }
        return new MaskedTable(new DataFrame(columns), new TableSchema(schema.Name, specs));
    }

    /// <summary>The salted HMAC-SHA256 pseudonym of a value (first 16 hex characters of the MAC of its UTF-8 bytes).</summary>
    public string Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var mac = HMACSHA256.HashData(_policy.Salt, Encoding.UTF8.GetBytes(value));
        return Convert.ToHexStringLower(mac)[..16];
    }

    private string Token(string column, string value)
    {
        if (_tokens.TryGetValue((column, value), out var t)) return t;
        var bytes = new byte[6];
        string token;
        do
        {
            if (_tokenRandom is { } r) r.NextBytes(bytes); else RandomNumberGenerator.Fill(bytes);
            token = "tok_" + Convert.ToHexStringLower(bytes);
        } while (_tokens.ContainsValue(token));
        _tokens[(column, value)] = token;
        return token;
    }

    private static IEnumerable<string?> Values(DataFrameColumn col)
    {
        for (long i = 0; i < col.Length; i++)
            yield return col[i] switch
            {
                null => null,
                DateTime d => d.ToString("o", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var o => o.ToString(),
            };
    }

    private static (DataFrameColumn Column, ColumnKind Kind) Generalize(DataFrameColumn col, ColumnSchema spec, MaskingRule rule, string table)
    {
        switch (spec.Kind)
        {
            case ColumnKind.DateTime:
            {
                var one = TabularData.FromFrame(new DataFrame(col.Clone()), new TableSchema(table, [spec]));
                var months = one.Numeric(spec.Name).Select(s => s is { } x ? (DateTime?)MonthStart(DateTime.UnixEpoch.AddSeconds(x)) : null);
                return (new DateTimeDataFrameColumn(spec.Name, months), ColumnKind.DateTime);
            }
            case ColumnKind.Continuous or ColumnKind.Integer:
            {
                var one = TabularData.FromFrame(new DataFrame(col.Clone()), new TableSchema(table, [spec]));
                var v = one.Numeric(spec.Name);
                var present = v.Where(x => x.HasValue).Select(x => x!.Value).ToList();
                var width = rule.BinWidth ?? NiceWidth(present.Count == 0 ? 0 : present.Max() - present.Min());
                if (!(width > 0)) throw new KitDataException($"bin width must be positive; got {width}.", table, spec.Name);
                string? Label(double? x)
                {
                    if (x is not { } d) return null;
                    var lo = Math.Floor(d / width) * width;
                    return string.Create(CultureInfo.InvariantCulture, $"[{lo:G10}, {lo + width:G10})");
                }
                return (new StringDataFrameColumn(spec.Name, v.Select(Label)), ColumnKind.Categorical);
            }
            default:
            {
                var n = rule.PrefixLength ?? 1;
                if (n <= 0) throw new KitDataException($"prefix length must be positive; got {n}.", table, spec.Name);
                var values = Values(col).Select(s => s is null ? null : s.Length <= n ? s : s[..n]).ToList();
                var distinct = values.Where(s => s is not null).Distinct().Count();
                return (new StringDataFrameColumn(spec.Name, values), distinct <= 50 ? ColumnKind.Categorical : ColumnKind.Text);
            }
        }
    }

    private static DateTime MonthStart(DateTime t) => new(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A tenth of the range rounded to 1, 2 or 5 times a power of ten (1 for an empty or constant column).</summary>
    private static double NiceWidth(double range)
    {
        if (!(range > 0)) return 1;
        var raw = range / 10;
        var p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }
}
