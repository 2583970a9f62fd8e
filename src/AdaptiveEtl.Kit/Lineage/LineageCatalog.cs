using System.Data.Common;
using System.Text.Json;
using AdaptiveEtl.Kit.Schema;

namespace AdaptiveEtl.Kit.Lineage;

/// <summary>
/// The tables and columns lineage is resolved against: expands <c>SELECT *</c> and <c>t.*</c>, decides which table an
/// unqualified column belongs to, and lists the columns nobody reads. Names follow SQL's rule (<see cref="LineageNames"/>):
/// written names fold to lower case unless double-quoted (<c>Orders</c> is <c>orders</c>, <c>"Orders"</c> stays
/// <c>Orders</c>), and are then matched exactly, so <c>"Users"</c> and <c>users</c> are two tables. A table may be
/// schema-qualified (<c>staging.orders</c>) and is then also found by its bare name when that is unique.
/// </summary>
public sealed class LineageCatalog
{
    private readonly Dictionary<string, List<string>> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _byBareName = new(StringComparer.Ordinal);

    /// <summary>An empty catalog (every table is then "open": any column name is accepted, <c>*</c> cannot be expanded).</summary>
    public LineageCatalog() { }

    /// <summary>All tables, in the order they were added.</summary>
    public IEnumerable<string> Tables => _tables.Keys;

    /// <summary>Number of tables.</summary>
    public int Count => _tables.Count;

    /// <summary>
    /// Adds (or replaces) a table with its columns in order. Names are taken as written in SQL: unquoted ones fold to
    /// lower case, double-quoted ones (<c>public."Users"</c>, <c>"Order ID"</c>) keep their case.
    /// </summary>
    public LineageCatalog Add(string table, IEnumerable<string> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentNullException.ThrowIfNull(columns);
        return AddExact(LineageNames.Fold(table), columns.Select(LineageNames.FoldPart));
    }

    /// <summary>Adds (or replaces) a table whose names are already exact (as a database's information schema lists them).</summary>
    private LineageCatalog AddExact(string key, IEnumerable<string> columns)
    {
        if (!_tables.ContainsKey(key))
        {
            var bare = key[(key.LastIndexOf('.') + 1)..];
            if (!_byBareName.TryGetValue(bare, out var list)) _byBareName[bare] = list = new List<string>();
            list.Add(key);
        }
        _tables[key] = columns.ToList();
        return this;
    }

    /// <summary>Adds (or replaces) a table from the kit's schema model (e.g. <see cref="TableSchema.Infer"/> of a sample file).</summary>
    public LineageCatalog Add(TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Add(schema.Name, schema.Columns.Select(c => c.Name));
    }

    /// <summary>
    /// Finds a table by its qualified or bare name written as in SQL: unquoted parts fold to lower case, quoted ones keep
    /// their case (<c>ORDERS</c> finds <c>orders</c>, <c>public."Users"</c> finds <c>public.Users</c>, <c>Users</c> does
    /// not). Returns its canonical (catalog) name and columns.
    /// </summary>
    public bool TryGetTable(string name, out string canonicalName, out IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGetExact(LineageNames.Fold(name), out canonicalName, out columns);
    }

    /// <summary>Finds a table by its exact (already folded) qualified or bare name, as the lineage parser resolves names.</summary>
    internal bool TryGetExact(string key, out string canonicalName, out IReadOnlyList<string> columns)
    {
        if (_tables.TryGetValue(key, out var cols)) { canonicalName = key; columns = cols; return true; }
        var bare = key[(key.LastIndexOf('.') + 1)..];
        // A bare name matches a unique schema-qualified table; a qualified name matches a catalog without schemas.
        if (_byBareName.TryGetValue(bare, out var candidates) && candidates.Count == 1 && (bare == key || !candidates[0].Contains('.')))
        {
            canonicalName = candidates[0]; columns = _tables[candidates[0]]; return true;
        }
        canonicalName = key; columns = Array.Empty<string>(); return false;
    }

    /// <summary>The columns of a table (its name written as in SQL, see <see cref="TryGetTable"/>), or throws naming the tables the catalog has.</summary>
    /// <exception cref="KitDataException">The table is not in the catalog.</exception>
    public IReadOnlyList<string> Columns(string table) =>
        TryGetTable(table, out _, out var cols) ? cols : throw Missing(table);

    /// <summary>The columns of a table by its exact name (one of <see cref="Tables"/>), or throws naming the tables the catalog has.</summary>
    internal IReadOnlyList<string> ExactColumns(string table) =>
        TryGetExact(table, out _, out var cols) ? cols : throw Missing(table);

    private KitDataException Missing(string table) =>
        new($"table '{table}' is not in the lineage catalog; it has: {string.Join(", ", _tables.Keys.Take(20))}{(_tables.Count > 20 ? ", …" : "")}.");

    /// <summary>Every column of every table.</summary>
    public IEnumerable<ColumnRef> AllColumns() => _tables.SelectMany(t => t.Value.Select(c => new ColumnRef(t.Key, c)));

    /// <summary>Parses <c>{"table": {"column": "type", …}, …}</c> (the shape of <c>warehouse_catalog.json</c> and lineage-bench's <c>schema.json</c>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">File name for error messages.</param>
    /// <exception cref="KitDataException">The JSON is not of that shape.</exception>
    public static LineageCatalog FromJson(string json, string source = "catalog JSON")
    {
        var catalog = new LineageCatalog();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new KitDataException($"not valid JSON ({e.Message}); expected {{\"table\": {{\"column\": \"type\"}}}}.", source, inner: e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new KitDataException("expected a JSON object {\"table\": {\"column\": \"type\"}} at the top level.", source);
            foreach (var table in doc.RootElement.EnumerateObject())
            {
                if (table.Value.ValueKind != JsonValueKind.Object)
                    throw new KitDataException($"table '{table.Name}' must map to an object {{\"column\": \"type\"}}, found {table.Value.ValueKind}.", source);
                catalog.Add(table.Name, table.Value.EnumerateObject().Select(c => c.Name));
            }
        }
        return catalog;
    }

    /// <summary>Reads a catalog JSON file (see <see cref="FromJson"/>).</summary>
    /// <exception cref="KitDataException">The file is missing or malformed.</exception>
    public static LineageCatalog FromJsonFile(string path)
    {
        if (!File.Exists(path)) throw new KitDataException("catalog file not found; expected a JSON {\"table\": {\"column\": \"type\"}} file.", path);
        return FromJson(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Reads the tables and columns of a live database through <c>information_schema.columns</c> (works for DuckDB and
    /// PostgreSQL connections). Tables of the default schema (<c>main</c>, <c>public</c>) are registered by bare name,
    /// others as <c>schema.table</c>. System schemas are skipped. PostgreSQL's names are exact (it has already folded
    /// unquoted names; <c>"Users"</c> and <c>users</c> are two tables there); DuckDB's are folded to lower case, because
    /// DuckDB matches names case-insensitively and lists them in the case they were created with.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<LineageCatalog> FromInformationSchemaAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT table_schema, table_name, column_name FROM information_schema.columns " +
                          "WHERE table_schema NOT IN ('information_schema', 'pg_catalog', 'pg_toast') " +
                          "ORDER BY table_schema, table_name, ordinal_position";
        bool exact = connection.GetType().FullName?.StartsWith("Npgsql.", StringComparison.Ordinal) == true;
        var tables = new Dictionary<string, List<string>>(exact ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var schema = reader.GetString(0);
                var name = schema is "main" or "public" ? reader.GetString(1) : schema + "." + reader.GetString(1);
                if (!exact) name = name.ToLowerInvariant();
                if (!tables.TryGetValue(name, out var cols)) { tables[name] = cols = new List<string>(); order.Add(name); }
                cols.Add(exact ? reader.GetString(2) : reader.GetString(2).ToLowerInvariant());
            }
        }
        var catalog = new LineageCatalog();
        foreach (var t in order) catalog.AddExact(t, tables[t]);
        return catalog;
    }
}
