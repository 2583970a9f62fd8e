using System.Globalization;
using System.Numerics;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Proactive.Pipelines;

/// <summary>
/// An order-independent fingerprint of a table's rows: the row count and the sum of DuckDB's 64-bit <c>hash</c> of every
/// row (as a 128-bit sum, so duplicate rows do not cancel as they would under XOR). Fingerprints of disjoint parts add
/// up to the fingerprint of their union, so staged rows + delta are fingerprinted without materialising the union.
/// </summary>
/// <param name="Rows">Row count.</param>
/// <param name="HashSum">Σ hash(row), as decimal text.</param>
public sealed record TableFingerprint(long Rows, string HashSum)
{
    /// <summary>The fingerprint of an empty table.</summary>
    public static TableFingerprint Empty { get; } = new(0, "0");

    /// <summary>Fingerprints a table or view.</summary>
    public static TableFingerprint Compute(DuckDBConnection connection, TableName table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(table);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*), CAST(coalesce(sum(hash(t)), 0) AS VARCHAR) FROM {table.Quoted} AS t";
        try
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return new TableFingerprint(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), r.GetString(1));
        }
        catch (DuckDBException e)
        {
            throw new KitDataException($"cannot fingerprint the table: {e.Message}", table.ToString(), inner: e);
        }
    }

    /// <summary>The fingerprint of the union (bag) of two disjoint parts.</summary>
    public TableFingerprint Add(TableFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var sum = BigInteger.Parse(HashSum, CultureInfo.InvariantCulture) + BigInteger.Parse(other.HashSum, CultureInfo.InvariantCulture);
        return new TableFingerprint(Rows + other.Rows, sum.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rows} rows #{HashSum}");
}
