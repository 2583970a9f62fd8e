using AdaptiveEtl.Kit.Data;
using AdaptiveEtl.Kit.Drift.Comparison;
using AdaptiveEtl.Kit.Schema;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Drift.DuckDb;

/// <summary>
/// Drift between two DuckDB tables, pushed down into SQL so that tables larger than memory work: counts, spread and
/// reference quantiles (bin edges) are DuckDB aggregates; category counts are a GROUP BY; the KS statistic, the
/// Wasserstein distance and the PSI bin counts are computed exactly — no approximation — in one pass over the union of
/// both columns streamed in SQL <c>ORDER BY</c> order (DuckDB sorts out of core; the client keeps O(bins) state).
/// Verdicts are the same as <see cref="DriftDetector.Compare"/> on the same data. Identifiers are quoted with
/// <see cref="SqlIdentifier"/>, values bound as parameters. The shares of missing (NULL, NaN) and ±∞ values are compared as
/// in <see cref="DriftDetector.Compare"/>. A column whose values DuckDB cannot read (e.g. a view whose cast fails on some
/// row) is <see cref="DriftStatus.Unreadable"/> with DuckDB's message, and makes the verdict inconclusive; the other
/// columns are still compared. The multivariate detector is not run here (it needs rows in memory).
/// </summary>
/// <example><code>
/// using var conn = new DuckDBConnection("DataSource=warehouse.duckdb"); conn.Open();
/// var report = DuckDbDriftDetector.Compare(conn, "customers_2025_01", "customers_2025_02");
/// </code></example>
public static class DuckDbDriftDetector
{
    private static readonly HashSet<string> NumericTypes = new(StringComparer.OrdinalIgnoreCase)
    { "DOUBLE", "FLOAT", "REAL", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT" };

    /// <summary>Compares <paramref name="currentTable"/> with <paramref name="referenceTable"/> (tables or views of the open connection).</summary>
    /// <param name="connection">An open DuckDB connection.</param>
    /// <param name="referenceTable">The reference table or view: a name, or a schema- (and catalog-) qualified one such as
    /// <c>sales.orders</c> or <c>"my schema"."t.2025"</c> (<see cref="SqlIdentifier.QuoteQualified"/>). An unqualified name
    /// is resolved as DuckDB resolves it in a query (the current schema first), never mixed with same-named tables elsewhere.</param>
    /// <param name="currentTable">The current table or view, named the same way.</param>
    /// <param name="options">Drift options (default <see cref="DriftOptions.Default"/>).</param>
    /// <exception cref="KitDataException">A table does not exist.</exception>
    public static DriftReport Compare(DuckDBConnection connection, string referenceTable, string currentTable, DriftOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var o = options ?? DriftOptions.Default;
        // From here on the table arguments are quoted relation names ("schema"."table"), resolved by DuckDB itself.
        var refCols = Columns(connection, referenceTable, out referenceTable);
        var curCols = Columns(connection, currentTable, out currentTable);
        long refRows = Scalar<long>(connection, $"SELECT count(*) FROM {referenceTable}");
        long curRows = Scalar<long>(connection, $"SELECT count(*) FROM {currentTable}");
        var results = new List<ColumnDriftResult>();
        foreach (var (name, type) in refCols)
        {
            var rule = o.RuleFor(name);
            ColumnKind? kind = o.Schema?.Columns.FirstOrDefault(c => c.Name == name)?.Kind;
            if (rule.Ignore)
            {
                try { kind ??= KindOf(connection, referenceTable, name, type, refRows); }
                catch (DuckDBException) { } // an ignored column need not be readable
                results.Add(ColumnDriftEvaluator.Skipped(name, kind, rule, "ignored by the options."));
                continue;
            }
            try
            {
                kind ??= KindOf(connection, referenceTable, name, type, refRows);
                results.Add(CompareColumn(connection, referenceTable, currentTable, name, type, curCols.GetValueOrDefault(name), kind.Value, refRows, curRows, o));
            }
            catch (DuckDBException e)
            {
                // A view whose expression fails on some row (a bad cast, a division by zero …) cannot be read: no verdict.
                results.Add(new ColumnDriftResult
                {
                    Column = name, Kind = kind, Status = DriftStatus.Unreadable, Weight = rule.Weight,
                    Message = $"reading the column failed in DuckDB: {e.Message.Split('\n')[0].Trim()}",
                });
            }
        }
        foreach (var name in curCols.Keys.Where(k => !refCols.ContainsKey(k)))
            results.Add(new ColumnDriftResult { Column = name, Status = DriftStatus.MissingInReference, Weight = o.RuleFor(name).Weight, Message = "the column is new in the current table." });
        return new DriftReport(results, o.DatasetDriftShare, refRows, curRows, null, o.Multivariate ? "the multivariate detector needs the rows in memory; use DriftDetector.Compare on a sample." : null);
    }

    private static ColumnDriftResult CompareColumn(DuckDBConnection connection, string referenceTable, string currentTable, string name, string type, string? curType,
        ColumnKind kind, long refRows, long curRows, DriftOptions o)
    {
        var rule = o.RuleFor(name);
        if (curType is null) return new ColumnDriftResult { Column = name, Kind = kind, Status = DriftStatus.MissingInCurrent, Weight = rule.Weight, Message = "the column is absent from the current table." };
        var family = FamilyOf(type);
        if (family != FamilyOf(curType))
            return new ColumnDriftResult { Column = name, Kind = kind, Status = DriftStatus.TypeMismatch, Weight = rule.Weight, Message = $"reference column is {type}, current column is {curType}." };
        var values = kind switch
        {
            ColumnKind.Text => ColumnDriftEvaluator.Skipped(name, kind, rule, "free-text or high-cardinality column; not modelled as a distribution."),
            ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.DateTime when family == ValueFamily.Categorical =>
                new ColumnDriftResult { Column = name, Kind = kind, Status = DriftStatus.TypeMismatch, Weight = rule.Weight, Message = $"the schema says {kind} but the column is {type}." },
            ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.DateTime => Numeric(connection, referenceTable, currentTable, name, kind, family, o),
            _ => ColumnDriftEvaluator.Categorical(name, kind, Counts(connection, referenceTable, name), Counts(connection, currentTable, name), o),
        };
        if (values.Status is DriftStatus.Skipped or DriftStatus.TypeMismatch) return values;
        var (rm, rf) = MissingCounts(connection, referenceTable, name, family);
        var (cm, cf) = MissingCounts(connection, currentTable, name, family);
        return ColumnDriftEvaluator.WithMissingValues(values, MissingValueComparison.FromCounts(refRows, rm, rf, curRows, cm, cf, o), o);
    }

    /// <summary>
    /// Missing values (NULL; NaN in numeric columns) and ±∞ values (numeric, DATE, TIMESTAMP) of a column, as
    /// <see cref="MissingValueComparison.Count"/> counts them in a DataFrame.
    /// </summary>
    private static (long Missing, long NonFinite) MissingCounts(DuckDBConnection conn, string table, string column, ValueFamily family)
    {
        string col = SqlIdentifier.Quote(column);
        using var cmd = conn.CreateCommand();
        cmd.CommandText = family switch
        {
            ValueFamily.Numeric => $"SELECT count(*) FILTER (WHERE e IS NULL OR isnan(e)), count(*) FILTER (WHERE isinf(e)) FROM (SELECT CAST({col} AS DOUBLE) AS e FROM {table})",
            ValueFamily.Temporal => $"SELECT count(*) FILTER (WHERE {col} IS NULL), count(*) FILTER (WHERE isinf({col})) FROM {table}",
            _ => $"SELECT count(*) FILTER (WHERE {col} IS NULL), 0 FROM {table}",
        };
        using var r = cmd.ExecuteReader();
        r.Read();
        return (Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static ColumnDriftResult Numeric(DuckDBConnection conn, string refTable, string curTable, string column, ColumnKind kind, ValueFamily family, DriftOptions o)
    {
        string col = SqlIdentifier.Quote(column);
        string expr = family == ValueFamily.Temporal ? $"CAST(epoch({col}) AS DOUBLE)" : $"CAST({col} AS DOUBLE)";
        string Values(string table) => $"(SELECT {expr} AS e FROM {table}) WHERE e IS NOT NULL AND isfinite(e)";

        var probabilities = Enumerable.Range(1, o.PsiBins - 1).Select(i => (double)i / o.PsiBins).ToArray();
        long n, m;
        double std, min, max;
        double[] quantiles;
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"SELECT count(e), coalesce(stddev_pop(e), 0), min(e), max(e), quantile_cont(e, $1) FROM {Values(refTable)}";
            cmd.Parameters.Add(new DuckDBParameter(probabilities));
            using var r = cmd.ExecuteReader();
            r.Read();
            n = r.GetInt64(0);
            if (n == 0) return ColumnDriftEvaluator.Empty(column, kind, o.RuleFor(column), 0, Scalar<long>(conn, $"SELECT count(e) FROM {Values(curTable)}"));
            std = r.GetDouble(1);
            min = r.GetDouble(2);
            max = r.GetDouble(3);
            quantiles = ((System.Collections.IEnumerable)r.GetValue(4)).Cast<object>().Select(Convert.ToDouble).ToArray();
        }
        m = Scalar<long>(conn, $"SELECT count(e) FROM {Values(curTable)}");
        if (m == 0) return ColumnDriftEvaluator.Empty(column, kind, o.RuleFor(column), n, 0);

        var edges = min == max ? NumericComparison.ConstantEdges(min) : DistinctEdges(quantiles, min);
        var acc = new EcdfMergeAccumulator(n, m, edges);
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"SELECT e, s FROM (SELECT e, TRUE AS s FROM {Values(refTable)} UNION ALL SELECT e, FALSE AS s FROM {Values(curTable)}) ORDER BY e";
            using var r = cmd.ExecuteReader();
            while (r.Read()) acc.Add(r.GetDouble(0), r.GetBoolean(1));
        }
        return ColumnDriftEvaluator.Numeric(column, kind, acc.Complete(std, min, max), o);
    }

    /// <summary>Quantiles above the minimum, strictly increasing (as <see cref="Statistics.PopulationStabilityIndex.QuantileEdges"/>).</summary>
    private static double[] DistinctEdges(double[] quantiles, double min)
    {
        var edges = new List<double>();
        foreach (var q in quantiles)
            if (q > min && (edges.Count == 0 || q > edges[^1])) edges.Add(q);
        return edges.ToArray();
    }

    private static Dictionary<string, long> Counts(DuckDBConnection conn, string table, string column)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var cmd = conn.CreateCommand();
        string col = SqlIdentifier.Quote(column);
        cmd.CommandText = $"SELECT CAST({col} AS VARCHAR), count(*) FROM {table} WHERE {col} IS NOT NULL GROUP BY 1";
        using var r = cmd.ExecuteReader();
        while (r.Read()) counts[r.GetString(0)] = r.GetInt64(1);
        return counts;
    }

    private static ColumnKind KindOf(DuckDBConnection conn, string table, string column, string type, long rows)
    {
        var t = type.ToUpperInvariant();
        if (t is "DOUBLE" or "FLOAT" or "REAL" || t.StartsWith("DECIMAL", StringComparison.Ordinal)) return ColumnKind.Continuous;
        if (NumericTypes.Contains(t)) return ColumnKind.Integer;
        if (t == "BOOLEAN") return ColumnKind.Boolean;
        if (FamilyOf(t) == ValueFamily.Temporal) return ColumnKind.DateTime;
        // Same rule as TableSchema.Infer: a category when ≤ 50 distinct values and at most half the non-null rows.
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT count(DISTINCT {SqlIdentifier.Quote(column)}), count({SqlIdentifier.Quote(column)}) FROM {table}";
        using var r = cmd.ExecuteReader();
        r.Read();
        long distinct = r.GetInt64(0), nonNull = r.GetInt64(1);
        return distinct <= 50 && distinct <= Math.Max(2, nonNull / 2) ? ColumnKind.Categorical : ColumnKind.Text;
    }

    private static ValueFamily FamilyOf(string type)
    {
        var t = type.ToUpperInvariant();
        if (NumericTypes.Contains(t) || t.StartsWith("DECIMAL", StringComparison.Ordinal)) return ValueFamily.Numeric;
        if (t is "DATE" || t.StartsWith("TIMESTAMP", StringComparison.Ordinal)) return ValueFamily.Temporal;
        return ValueFamily.Categorical;
    }

    // The columns of exactly the relation a query would read: DESCRIBE resolves the name like FROM does (information_schema
    // filtered by table_name alone would mix same-named tables of other schemas).
    private static Dictionary<string, string> Columns(DuckDBConnection conn, string table, out string relation)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        try { relation = SqlIdentifier.QuoteQualified(table); }
        catch (ArgumentException e) { throw new KitDataException(e.Message, table); }
        var cols = new Dictionary<string, string>(StringComparer.Ordinal);
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"DESCRIBE SELECT * FROM {relation}";
        try
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) cols.TryAdd(r.GetString(0), r.GetString(1));
        }
        catch (DuckDBException e) when (e.Message.Contains("Catalog Error", StringComparison.Ordinal))
        {
            throw new KitDataException($"no such table or view in the DuckDB connection ({e.Message.Split('\n')[0].Trim()}).", table);
        }
        if (cols.Count == 0) throw new KitDataException("the table or view has no columns.", table);
        return cols;
    }

    private static T Scalar<T>(DuckDBConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (T)Convert.ChangeType(cmd.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
