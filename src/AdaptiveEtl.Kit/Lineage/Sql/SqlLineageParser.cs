using System.Text.Json;
using DuckDB.NET.Data;

namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>
/// Column-level lineage from SQL text (PostgreSQL, DuckDB and ANSI dialects). Names follow PostgreSQL: unquoted ones
/// fold to lower case, quoted ones keep their case (<c>"Users"</c> and <c>users</c> are two tables; see <see cref="LineageNames"/>). SELECT bodies are parsed by DuckDB's own
/// parser through <c>json_serialize_sql</c> (one in-memory DuckDB connection per parser instance, reused: parsing is the
/// cost that matters); the statement envelope of INSERT/CTAS/VIEW/MERGE/UPDATE/DELETE is recognised by a small tokenizer
/// and rewritten into SELECTs. Not thread-safe: use one parser per thread.
/// </summary>
/// <example>
/// <code>
/// using var parser = new SqlLineageParser(LineageCatalog.FromJsonFile("warehouse_catalog.json"));
/// var lineage = parser.Parse("INSERT INTO mart.daily SELECT order_date, sum(amount) FROM staging.orders GROUP BY 1");
/// foreach (var col in lineage.Columns) Console.WriteLine(col);
/// </code>
/// </example>
public sealed class SqlLineageParser : IDisposable
{
    private readonly DuckDBConnection _duckdb;
    private readonly DuckDBCommand _serialize;
    private readonly DuckDBParameter _sqlParameter;

    /// <summary>Creates a parser resolving names against <paramref name="catalog"/> (an empty catalog when null).</summary>
    public SqlLineageParser(LineageCatalog? catalog = null)
    {
        Catalog = catalog ?? new LineageCatalog();
        _duckdb = new DuckDBConnection("DataSource=:memory:");
        _duckdb.Open();
        _serialize = _duckdb.CreateCommand();
        // json_serialize_sql wants a VARCHAR argument; the statement is bound as a parameter, never spliced.
        _serialize.CommandText = "SELECT json_serialize_sql(CAST($1 AS VARCHAR))";
        _sqlParameter = new DuckDBParameter();
        _serialize.Parameters.Add(_sqlParameter);
    }

    /// <summary>The catalog names are resolved against.</summary>
    public LineageCatalog Catalog { get; }

    /// <summary>Parses one statement.</summary>
    /// <param name="sql">One SQL statement (a trailing semicolon is allowed).</param>
    /// <param name="index">Index reported in the result (position in a log).</param>
    /// <exception cref="KitDataException">The statement cannot be parsed or carries no lineage; the message says why and where.</exception>
    public StatementLineage Parse(string sql, int index = 0)
    {
        if (TryParse(sql, index, out var lineage, out var failure)) return lineage!;
        throw new KitDataException($"statement {failure!.Index} skipped: {failure.Reason}{(failure.Position is { } p ? $" (at character {p})" : "")}; statement: {failure.Excerpt}");
    }

    /// <summary>
    /// Parses one statement, reporting a failure instead of throwing: whatever goes wrong with this statement (a parse
    /// error, an unsupported construct, a tree too deep to walk) becomes its <paramref name="failure"/>, so a caller
    /// processing a log loses only this statement.
    /// </summary>
    public bool TryParse(string sql, int index, out StatementLineage? lineage, out SqlParseFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(sql);
        lineage = null; failure = null;
        var text = sql.Trim().TrimEnd(';').Trim();
        try { return TryParseCore(text, index, out lineage, out failure); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            lineage = null;
            failure = new SqlParseFailure(index, SqlParseFailure.MakeExcerpt(text), null,
                e is InsufficientExecutionStackException ? "statement nested too deeply to analyse" : $"{e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    private bool TryParseCore(string text, int index, out StatementLineage? lineage, out SqlParseFailure? failure)
    {
        lineage = null; failure = null;
        StatementEnvelope envelope;
        try { envelope = StatementEnvelope.Recognise(text); }
        catch (Exception e) when (e is NotSupportedException or FormatException or ArgumentException)
        {
            failure = new SqlParseFailure(index, SqlParseFailure.MakeExcerpt(text), null, e.Message);
            return false;
        }

        var resolver = new SelectLineageResolver(Catalog);
        var columns = new List<(string Name, string QueryColumn, SelectLineageResolver.Col Col)>();
        var rowFilter = new Dictionary<ColumnRef, DependencyKind>();
        foreach (var part in envelope.Parts)
        {
            // Unquoted words in lower case (PostgreSQL's folding): DuckDB's tree then carries every name exactly as lineage
            // names it, quoted ones ("Users", "Order ID") in their own case. Offsets are unchanged.
            var selectSql = LineageNames.FoldUnquotedWords(part.SelectSql);
            JsonDocument doc;
            try { doc = Serialize(selectSql); }
            catch (Exception e) when (e is DuckDBException or JsonException)
            {
                return TableLevel(text, index, envelope, e.Message, null, out lineage, out failure);
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.True)
                {
                    int? position = root.TryGetProperty("position", out var pos) && int.TryParse(pos.ToString(), out var p) && part.Offset >= 0 ? part.Offset + p : null;
                    var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : "parse error";
                    return TableLevel(text, index, envelope, message ?? "parse error", position, out lineage, out failure);
                }
                var statements = root.GetProperty("statements");
                if (statements.GetArrayLength() != 1)
                {
                    return TableLevel(text, index, envelope, $"expected one statement, found {statements.GetArrayLength()}", null, out lineage, out failure);
                }
                SelectLineageResolver.Rel rel;
                try { rel = resolver.Resolve(statements[0].GetProperty("node"), selectSql); }
                catch (Exception e) when (e is not (OutOfMemoryException or InsufficientExecutionStackException))
                {
                    // A parse tree shape the resolver does not know must cost one statement, not the whole capture.
                    return TableLevel(text, index, envelope,
                        e is NotSupportedException ? "unsupported construct: " + e.Message : $"unsupported construct ({e.GetType().Name}: {e.Message})", null, out lineage, out failure);
                }
                if (part.RowFilterOnly) { foreach (var (k, v) in rel.RowFilter) rowFilter.TryAdd(k, v); continue; }
                if (envelope.Kind == StatementKind.Update) foreach (var (k, v) in rel.RowFilter) rowFilter.TryAdd(k, v);
                var names = TargetNames(envelope, part, rel);
                for (int i = 0; i < rel.Columns.Count; i++) columns.Add((names[i], rel.Columns[i].Name, rel.Columns[i]));
            }
        }

        // MERGE may assign one target column in several WHEN clauses: its lineage is the union.
        var merged = new List<ColumnLineage>();
        foreach (var group in columns.GroupBy(c => c.Name, StringComparer.Ordinal).Where(_ => envelope.Kind == StatementKind.Merge))
        {
            var value = new HashSet<ColumnRef>(); var indirect = new Dictionary<ColumnRef, DependencyKind>(); var kind = DependencyKind.DirectCopy;
            foreach (var c in group) { value.UnionWith(c.Col.Value); foreach (var (k, v) in c.Col.Indirect) indirect.TryAdd(k, v); if (c.Col.Kind > kind) kind = c.Col.Kind; }
            merged.Add(new ColumnLineage(group.Key, group.First().QueryColumn, value, indirect, kind));
        }
        if (envelope.Kind != StatementKind.Merge)
            merged.AddRange(columns.Select(c => new ColumnLineage(c.Name, envelope.Kind == StatementKind.Select ? null : c.QueryColumn, c.Col.Value, c.Col.Indirect, c.Col.Kind)));

        var target = envelope.Target is null ? null : Catalog.TryGetExact(envelope.Target, out var canonical, out _) ? canonical : envelope.Target;
        var reads = resolver.Reads.AsEnumerable();
        lineage = new StatementLineage(index, text, envelope.Kind, target, reads, merged, rowFilter, resolver.Warnings.Distinct().ToList());
        return true;
    }

    /// <summary>
    /// The fallback when DuckDB's parser rejects a recognised statement (or the resolver does not know a construct of its
    /// tree): when the text is a complete statement to the tokenizer (<see cref="TableLevelLineage.IsComplete"/>), it keeps
    /// its kind and target, its reads come from the tokenizer (<see cref="TableLevelLineage.Reads"/>), it has no column
    /// lineage, and <see cref="StatementLineage.Level"/> is <see cref="LineageLevel.Table"/> with DuckDB's reason in the
    /// warnings. A statement that is not complete (a typo in its first keyword, unbalanced parentheses, a dangling
    /// operator, an expression too deep for DuckDB) stays a failure.
    /// </summary>
    private bool TableLevel(string text, int index, StatementEnvelope envelope, string reason, int? position, out StatementLineage? lineage, out SqlParseFailure? failure)
    {
        lineage = null;
        if (!TableLevelLineage.IsComplete(text, reason))
        {
            failure = new SqlParseFailure(index, SqlParseFailure.MakeExcerpt(text), position, reason);
            return false;
        }
        failure = null;
        var target = envelope.Target is null ? null : Catalog.TryGetExact(envelope.Target, out var canonical, out _) ? canonical : envelope.Target;
        var reads = TableLevelLineage.Reads(text, envelope.Kind, target, Catalog);
        lineage = new StatementLineage(index, text, envelope.Kind, target, reads, Array.Empty<ColumnLineage>(), new Dictionary<ColumnRef, DependencyKind>(),
            [$"table-level lineage only (tables read and written, from the tokenizer): DuckDB's parser rejected the statement: {reason}{(position is { } at ? $" (at character {at})" : "")}"],
            LineageLevel.Table);
        return true;
    }

    /// <summary>Parses many statements (e.g. a query log); unparseable ones are reported and skipped.</summary>
    public LineageParseReport ParseAll(IEnumerable<string> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var ok = new List<StatementLineage>();
        var failed = new List<SqlParseFailure>();
        int index = 0;
        foreach (var sql in statements)
        {
            if (TryParse(sql, index, out var lineage, out var failure)) ok.Add(lineage!); else failed.Add(failure!);
            index++;
        }
        return new LineageParseReport(ok, failed);
    }

    /// <summary>Splits a script at top-level semicolons and parses every statement.</summary>
    public LineageParseReport ParseScript(string script) => ParseAll(SqlTokenizer.SplitStatements(script).Select(s => s.Text));

    /// <summary>
    /// Nesting allowed in DuckDB's JSON parse tree. Every expression level costs a few JSON levels (object, children
    /// array, next object), so the reader's default of 64 rejected a plain sum of 30 terms. DuckDB itself refuses
    /// expressions deeper than its <c>max_expression_depth</c> (1000 by default); this leaves room for that with margin.
    /// <see cref="JsonDocument"/> parses without recursion, so a large limit costs nothing; the resolver's own recursion
    /// is guarded by <see cref="System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack"/>.
    /// </summary>
    internal const int MaxParseTreeDepth = 16_384;

    private static readonly JsonDocumentOptions ParseTreeOptions = new() { MaxDepth = MaxParseTreeDepth };

    /// <summary>DuckDB's parse tree of one SELECT as JSON (<c>json_serialize_sql</c>).</summary>
    internal JsonDocument Serialize(string selectSql)
    {
        _sqlParameter.Value = selectSql;
        var json = (string)_serialize.ExecuteScalar()!;
        return JsonDocument.Parse(json, ParseTreeOptions);
    }

    private List<string> TargetNames(StatementEnvelope envelope, EnvelopePart part, SelectLineageResolver.Rel rel)
    {
        var names = rel.Columns.Select(c => c.Name).ToList();
        IReadOnlyList<string>? targets = part.TargetColumns;
        // INSERT without a column list fills the target's columns by position (catalog order).
        if (targets is null && !part.ByName && envelope.Kind is StatementKind.Insert or StatementKind.Merge && envelope.Target is not null &&
            Catalog.TryGetExact(envelope.Target, out _, out var catalogColumns))
            targets = catalogColumns;
        if (targets is null) return names;
        for (int i = 0; i < names.Count && i < targets.Count; i++) names[i] = targets[i];
        return names;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _serialize.Dispose();
        _duckdb.Dispose();
    }
}
