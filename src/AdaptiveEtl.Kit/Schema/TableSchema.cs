using Microsoft.Data.Analysis;

namespace AdaptiveEtl.Kit.Schema;

/// <summary>The kit's schema model of a table: named, typed columns. Inferred from a DataFrame or declared by hand.</summary>
public sealed class TableSchema
{
    /// <summary>Creates a schema; column names must be unique.</summary>
    /// <exception cref="KitDataException">Two columns share a name.</exception>
    public TableSchema(string name, IEnumerable<ColumnSchema> columns)
    {
        Name = name;
        Columns = columns.ToArray();
        var dup = Columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new KitDataException($"column '{dup.Key}' appears {dup.Count()} times; column names must be unique.", name);
    }

    /// <summary>Table name.</summary>
    public string Name { get; }

    /// <summary>Columns in order.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>The column named <paramref name="name"/>, or throws naming the table and the columns it has.</summary>
    public ColumnSchema this[string name] =>
        Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new KitDataException($"no column '{name}'; columns: {string.Join(", ", Columns.Select(c => c.Name))}.", Name);

    /// <summary>Returns a copy with the named columns marked sensitive.</summary>
    public TableSchema WithSensitive(params string[] names)
    {
        foreach (var n in names) _ = this[n];
        return new TableSchema(Name, Columns.Select(c => names.Contains(c.Name) ? c with { Sensitive = true } : c));
    }

    /// <summary>Returns a copy with one column's kind overridden (e.g. an integer code that is really a category).</summary>
    public TableSchema WithKind(string name, ColumnKind kind)
    {
        _ = this[name];
        return new TableSchema(Name, Columns.Select(c => c.Name == name ? c with { Kind = kind } : c));
    }

    /// <summary>
    /// Infers a schema from a DataFrame: floating columns are continuous, integer columns integer, booleans boolean,
    /// date columns date-time; string columns are categorical when they have at most <paramref name="maxCategories"/>
    /// distinct values (and fewer than half the rows are distinct), otherwise text.
    /// </summary>
    public static TableSchema Infer(DataFrame frame, string name = "table", int maxCategories = 50)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columns = new List<ColumnSchema>();
        foreach (var col in frame.Columns)
        {
            var t = col.DataType;
            ColumnKind kind;
            if (t == typeof(double) || t == typeof(float) || t == typeof(decimal)) kind = ColumnKind.Continuous;
            else if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort) || t == typeof(sbyte)) kind = ColumnKind.Integer;
            else if (t == typeof(bool)) kind = ColumnKind.Boolean;
            else if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) kind = ColumnKind.DateTime;
            else
            {
                var distinct = new HashSet<string>(StringComparer.Ordinal);
                long nonNull = 0;
                for (long i = 0; i < col.Length; i++)
                {
                    if (col[i] is { } v) { nonNull++; distinct.Add(v.ToString()!); }
                }
                kind = distinct.Count <= maxCategories && distinct.Count <= Math.Max(2, nonNull / 2) ? ColumnKind.Categorical : ColumnKind.Text;
            }
            columns.Add(new ColumnSchema(col.Name, kind, col.NullCount > 0));
        }
        return new TableSchema(name, columns);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}({string.Join(", ", Columns.Select(c => $"{c.Name}: {c.Kind}{(c.Nullable ? "?" : "")}{(c.Sensitive ? " [sensitive]" : "")}"))})";
}
