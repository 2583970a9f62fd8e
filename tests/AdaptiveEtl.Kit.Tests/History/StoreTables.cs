using System.Data.Common;
using System.Globalization;
using AdaptiveEtl.Kit.History;

namespace AdaptiveEtl.Kit.Tests.History;

/// <summary>Compares two run-history stores table by table and row by row (issue 19: "equals a clean import").</summary>
internal static class StoreTables
{
    /// <summary>Every table of both stores, all columns, rows sorted by all columns, compared as text row by row.</summary>
    public static void AssertSame(Func<DbConnection> left, Func<DbConnection> right)
    {
        foreach (var table in new[] { RunHistoryStore.RunsTable, RunHistoryStore.RatesTable, RunHistoryStore.PredictionsTable })
        {
            var expected = Dump(right, table);
            var actual = Dump(left, table);
            Assert.Equal(expected.Columns, actual.Columns);
            Assert.Equal(expected.Rows, actual.Rows);
        }
        Assert.NotEmpty(Dump(right, RunHistoryStore.RatesTable).Rows); // the comparison is not vacuous
    }

    public static (string[] Columns, List<string> Rows) Dump(Func<DbConnection> open, string table)
    {
        using var connection = open();
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\"";
        using var reader = cmd.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Text(reader.GetValue(i)))));
        rows.Sort(StringComparer.Ordinal);
        return (columns, rows);
    }

    private static string Text(object value) => value switch
    {
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
