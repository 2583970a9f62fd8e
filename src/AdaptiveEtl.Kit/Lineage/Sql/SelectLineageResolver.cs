using System.Text.Json;
using System.Runtime.CompilerServices;

namespace AdaptiveEtl.Kit.Lineage.Sql;

/// <summary>
/// Computes column lineage of one SELECT from the parse tree DuckDB's <c>json_serialize_sql</c> returns. It binds FROM
/// sources (catalog tables, CTEs, derived tables, joins), expands stars from the catalog, resolves qualified/unqualified
/// names through the scope chain (correlated subqueries see outer scopes) and propagates, per output column, the
/// <c>value</c> and <c>indirect</c> sets defined in lineage-bench's README (sqlglot's lineage semantics). The walk is
/// hand-written because no served .NET package does column lineage; the parsing itself is DuckDB's.
/// One instance per statement (it collects reads and warnings).
/// </summary>
internal sealed class SelectLineageResolver
{
    private static readonly HashSet<string> Aggregates = new(StringComparer.OrdinalIgnoreCase)
    {
        "sum", "count", "count_star", "avg", "mean", "min", "max", "string_agg", "group_concat", "listagg", "array_agg", "list",
        "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "median", "mode", "quantile", "quantile_cont",
        "quantile_disc", "percentile_cont", "percentile_disc", "any_value", "first", "last", "arbitrary", "bool_and", "bool_or",
        "every", "bit_and", "bit_or", "bit_xor", "approx_count_distinct", "approx_quantile", "corr", "covar_pop", "covar_samp",
        "regr_slope", "regr_intercept", "regr_r2", "regr_count", "entropy", "kurtosis", "skewness", "product", "fsum", "sumkahan",
        "histogram", "json_agg", "jsonb_agg", "json_object_agg", "xmlagg", "arg_max", "arg_min", "max_by", "min_by", "favg", "geomean",
    };

    private readonly LineageCatalog _catalog;

    public SelectLineageResolver(LineageCatalog catalog) => _catalog = catalog;

    /// <summary>Base tables read.</summary>
    public HashSet<string> Reads { get; } = new(StringComparer.Ordinal);

    /// <summary>Resolution warnings.</summary>
    public List<string> Warnings { get; } = new();

    // ---- model -------------------------------------------------------------------------------------------------

    internal sealed class Col
    {
        public Col(string name) => Name = name;
        public string Name;
        public HashSet<ColumnRef> Value = new();
        public Dictionary<ColumnRef, DependencyKind> Indirect = new();
        public DependencyKind Kind = DependencyKind.DirectCopy;

        public Col Renamed(string name) => new(name) { Value = new(Value), Indirect = new(Indirect), Kind = Kind };
    }

    internal sealed class Rel
    {
        public List<Col> Columns = new();
        public Dictionary<ColumnRef, DependencyKind> RowFilter = new();
        /// <summary>A base table missing from the catalog: any column name is accepted.</summary>
        public string? OpenTable;
        /// <summary>A table function or other source whose columns are unknown and carry no lineage.</summary>
        public bool Opaque;
        /// <summary>
        /// A table function whose output column names are not in the parse tree (<c>jsonb_array_elements(…) AS item</c>,
        /// a column definition list DuckDB drops): any column name is accepted and carries the lineage of the arguments.
        /// </summary>
        public Col? Template;
        /// <summary>A <see cref="Template"/> source whose <see cref="Columns"/> are all it produces (<c>*</c> lists them).</summary>
        public bool Listed;

        /// <summary>The columns <c>SELECT *</c> lists; null when they are unknown.</summary>
        public IReadOnlyList<Col>? StarColumns => IsOpen && !Listed ? null : Columns;

        public Col? Find(string name)
        {
            foreach (var c in Columns) if (string.Equals(c.Name, name, StringComparison.Ordinal)) return c;
            if (OpenTable is not null) { var c = new Col(name); c.Value.Add(new ColumnRef(OpenTable, name)); Columns.Add(c); return c; }
            if (Template is not null) return Template.Renamed(name); // not added: Columns stay the listed ones
            if (Opaque) { var c = new Col(name) { Kind = DependencyKind.Transformation }; Columns.Add(c); return c; }
            return null;
        }

        public bool IsOpen => OpenTable is not null || Opaque || Template is not null;
    }

    private sealed record Source(string Alias, string? QualifiedName, Rel Rel);

    /// <summary>
    /// One column of a FROM item as <c>SELECT *</c> lists it: a source's column, a USING/NATURAL join column
    /// (<see cref="Source"/> null, <see cref="Joined"/> its lineage) or a source whose columns are unknown (<see cref="Name"/> null).
    /// </summary>
    private sealed record StarEntry(Source? Source, string? Name, Col? Joined = null);

    private sealed class Cte
    {
        public required JsonElement Node;
        public required string[] Aliases;
        public Rel? Resolved;
        public bool InProgress;
    }

    private sealed class Env
    {
        public Env(Env? parent) => Parent = parent;
        public readonly Env? Parent;
        public readonly Dictionary<string, Cte> Ctes = new(StringComparer.Ordinal);

        public Cte? Find(string name)
        {
            for (var e = this; e is not null; e = e.Parent) if (e.Ctes.TryGetValue(name, out var c)) return c;
            return null;
        }
    }

    private sealed class Scope
    {
        public Scope(Scope? parent, Env env) { Parent = parent; Env = env; }
        public readonly Scope? Parent;
        public readonly Env Env;
        public readonly List<Source> Sources = new();
        public readonly List<(string Name, JsonElement Expr)> Items = new();
        /// <summary>USING/NATURAL join columns: one column fed by both sides (COALESCE of them).</summary>
        public readonly Dictionary<string, Col> Using = new(StringComparer.Ordinal);
        /// <summary>The columns of the FROM clause in the order <c>SELECT *</c> lists them.</summary>
        public List<StarEntry> Star = new();
        public readonly HashSet<string> ResolvingAliases = new(StringComparer.Ordinal);
    }

    private sealed class Acc
    {
        public HashSet<ColumnRef> Value = new();
        public Dictionary<ColumnRef, DependencyKind> Indirect = new();
        public DependencyKind Kind;
    }

    // ---- entry -------------------------------------------------------------------------------------------------

    /// <summary>Resolves a whole statement node (the <c>node</c> of <c>statements[0]</c>).</summary>
    /// <param name="node">The statement node.</param>
    /// <param name="sql">The SELECT text DuckDB parsed (its <c>query_location</c>s point into it): read for what the parse tree drops.</param>
    public Rel Resolve(JsonElement node, string? sql = null)
    {
        _sql = sql;
        _tokens = null;
        return Evaluate(node, new Env(null), null);
    }

    private string? _sql;
    private List<SqlToken>? _tokens;

    // ---- query nodes -------------------------------------------------------------------------------------------

    private Rel Evaluate(JsonElement node, Env outerEnv, Scope? outer)
    {
        // Deep trees recurse deeply: fail this statement with a catchable exception instead of overflowing the stack.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var env = outerEnv;
        if (node.TryGetProperty("cte_map", out var cteMap) && cteMap.TryGetProperty("map", out var map) && map.GetArrayLength() > 0)
        {
            env = new Env(outerEnv);
            foreach (var entry in map.EnumerateArray())
            {
                var value = entry.GetProperty("value");
                var aliases = value.TryGetProperty("aliases", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToArray() : Array.Empty<string>();
                env.Ctes[entry.GetProperty("key").GetString()!] = new Cte { Node = value.GetProperty("query").GetProperty("node"), Aliases = aliases };
            }
        }
        var type = node.GetProperty("type").GetString();
        return type switch
        {
            "SELECT_NODE" => EvaluateSelect(node, env, outer),
            "SET_OPERATION_NODE" => EvaluateSetOperation(node, env, outer),
            "RECURSIVE_CTE_NODE" => EvaluateRecursive(node, env, outer),
            "CTE_NODE" => Evaluate(node.GetProperty("child"), env, outer),
            _ => throw new NotSupportedException($"query node type {type} is not supported"),
        };
    }

    private Rel EvaluateSelect(JsonElement node, Env env, Scope? outer)
    {
        var scope = new Scope(outer, env);
        var rel = new Rel();
        var pendingJoins = new List<JsonElement>();
        if (node.TryGetProperty("from_table", out var from)) scope.Star = Bind(from, scope, pendingJoins, rel.RowFilter);

        int position = 0;
        foreach (var item in node.GetProperty("select_list").EnumerateArray())
        {
            if (Class(item) == "STAR" && !(item.TryGetProperty("columns", out var cf) && cf.ValueKind == JsonValueKind.True)) { ExpandStar(item, scope, ref position); continue; }
            scope.Items.Add((OutputName(item, position), item));
            position++;
        }

        foreach (var s in scope.Sources) Merge(rel.RowFilter, s.Rel.RowFilter);
        foreach (var cond in pendingJoins) WalkIndirect(cond, scope, DependencyKind.JoinKey, rel.RowFilter);
        if (node.TryGetProperty("where_clause", out var where) && where.ValueKind == JsonValueKind.Object) WalkIndirect(where, scope, DependencyKind.Filter, rel.RowFilter);
        if (node.TryGetProperty("group_expressions", out var groups))
            foreach (var g in groups.EnumerateArray()) WalkIndirect(PositionalOr(g, scope), scope, DependencyKind.GroupKey, rel.RowFilter);
        // GROUP BY ALL (DuckDB): the group keys are the SELECT items without an aggregate.
        if (Str(node, "aggregate_handling") == "FORCE_AGGREGATES")
            foreach (var (_, expr) in scope.Items.Where(i => i.Expr.ValueKind == JsonValueKind.Object && !ContainsAggregate(i.Expr)).ToList())
                WalkIndirect(expr, scope, DependencyKind.GroupKey, rel.RowFilter);
        if (node.TryGetProperty("having", out var having) && having.ValueKind == JsonValueKind.Object) WalkIndirect(having, scope, DependencyKind.Filter, rel.RowFilter);
        if (node.TryGetProperty("qualify", out var qualify) && qualify.ValueKind == JsonValueKind.Object) WalkIndirect(qualify, scope, DependencyKind.Filter, rel.RowFilter);
        ApplyModifiers(node, scope, rel.RowFilter);

        foreach (var (name, expr) in scope.Items)
        {
            var acc = ResolveValue(expr, scope);
            var col = new Col(name) { Value = acc.Value, Indirect = acc.Indirect, Kind = acc.Kind };
            Merge(col.Indirect, rel.RowFilter);
            rel.Columns.Add(col);
        }
        return rel;
    }

    private void ApplyModifiers(JsonElement node, Scope scope, Dictionary<ColumnRef, DependencyKind> rowFilter)
    {
        if (!node.TryGetProperty("modifiers", out var modifiers)) return;
        bool picksRows = false;
        JsonElement? order = null;
        foreach (var m in modifiers.EnumerateArray())
        {
            switch (m.GetProperty("type").GetString())
            {
                case "LIMIT_MODIFIER" or "LIMIT_PERCENT_MODIFIER": picksRows = true; break;
                case "ORDER_MODIFIER": order = m; break;
                case "DISTINCT_MODIFIER":
                    if (m.TryGetProperty("distinct_on_targets", out var on) && on.GetArrayLength() > 0)
                    {
                        picksRows = true;
                        foreach (var t in on.EnumerateArray()) WalkIndirect(PositionalOr(t, scope), scope, DependencyKind.GroupKey, rowFilter);
                    }
                    break;
            }
        }
        if (picksRows && order is { } o)
            foreach (var ord in o.GetProperty("orders").EnumerateArray())
                WalkIndirect(PositionalOr(ord.GetProperty("expression"), scope), scope, DependencyKind.Sort, rowFilter);
    }

    private Rel EvaluateSetOperation(JsonElement node, Env env, Scope? outer)
    {
        var branches = new List<JsonElement>();
        if (node.TryGetProperty("children", out var children)) branches.AddRange(children.EnumerateArray());
        else { branches.Add(node.GetProperty("left")); branches.Add(node.GetProperty("right")); }
        var op = node.GetProperty("setop_type").GetString() ?? "UNION";
        var rels = branches.Select(b => Evaluate(b, env, outer)).ToList();
        var result = Combine(rels, op, byName: op == "UNION_BY_NAME");
        if (node.TryGetProperty("modifiers", out _))
        {
            var scope = new Scope(outer, env);
            scope.Sources.Add(new Source("", null, result));
            foreach (var c in result.Columns) scope.Items.Add((c.Name, default));
            var extra = new Dictionary<ColumnRef, DependencyKind>();
            ApplyModifiers(node, scope, extra);
            Merge(result.RowFilter, extra);
            foreach (var c in result.Columns) Merge(c.Indirect, extra);
        }
        return result;
    }

    private Rel Combine(List<Rel> rels, string op, bool byName)
    {
        var first = rels[0];
        var result = new Rel();
        foreach (var r in rels) Merge(result.RowFilter, r.RowFilter);
        bool membership = op is "EXCEPT" or "INTERSECT";
        if (membership)
            foreach (var r in rels)
                foreach (var c in r.Columns) { AddAll(result.RowFilter, c.Value, DependencyKind.SetOperation); Merge(result.RowFilter, c.Indirect); }
        for (int i = 0; i < first.Columns.Count; i++)
        {
            var col = first.Columns[i].Renamed(first.Columns[i].Name);
            // lineage-bench convention: EXCEPT returns its left input only; every other set operation all branches.
            if (op != "EXCEPT")
                foreach (var r in rels.Skip(1))
                {
                    var other = byName ? r.Columns.FirstOrDefault(c => string.Equals(c.Name, col.Name, StringComparison.Ordinal))
                                       : i < r.Columns.Count ? r.Columns[i] : null;
                    if (other is null) continue;
                    col.Value.UnionWith(other.Value);
                    Merge(col.Indirect, other.Indirect);
                    if (other.Kind > col.Kind) col.Kind = other.Kind;
                }
            Merge(col.Indirect, result.RowFilter);
            result.Columns.Add(col);
        }
        return result;
    }

    private Rel EvaluateRecursive(JsonElement node, Env env, Scope? outer)
    {
        var name = node.GetProperty("cte_name").GetString()!;
        var anchor = Evaluate(node.GetProperty("left"), env, outer);
        var aliases = node.TryGetProperty("aliases", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToArray() : Array.Empty<string>();
        var working = Rename(anchor, aliases);
        // Iterate the recursive branch until the sets stop growing (they only grow, so this terminates; 8 rounds cap it).
        for (int round = 0; round < 8; round++)
        {
            var inner = new Env(env);
            inner.Ctes[name] = new Cte { Node = node, Aliases = Array.Empty<string>(), Resolved = working };
            var step = Evaluate(node.GetProperty("right"), inner, outer);
            var next = Rename(Combine(new List<Rel> { anchor, step }, "UNION", byName: false), aliases);
            if (SameLineage(next, working)) break;
            working = next;
        }
        return working;
    }

    private static bool SameLineage(Rel a, Rel b) =>
        a.Columns.Count == b.Columns.Count && a.RowFilter.Count == b.RowFilter.Count &&
        a.Columns.Zip(b.Columns).All(p => p.First.Value.SetEquals(p.Second.Value) && p.First.Indirect.Count == p.Second.Indirect.Count && p.First.Kind == p.Second.Kind);

    // ---- FROM binding ------------------------------------------------------------------------------------------

    /// <summary>Binds a FROM item into the scope; returns its columns in <c>SELECT *</c> order.</summary>
    private List<StarEntry> Bind(JsonElement tableRef, Scope scope, List<JsonElement> pendingJoins, Dictionary<ColumnRef, DependencyKind> rowFilter)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (tableRef.GetProperty("type").GetString() == "JOIN") return BindJoin(tableRef, scope, pendingJoins, rowFilter);
        int before = scope.Sources.Count;
        BindItem(tableRef, scope, pendingJoins, rowFilter);
        return scope.Sources.Skip(before)
            .SelectMany(StarEntries)
            .ToList();
    }

    private static IEnumerable<StarEntry> StarEntries(Source s) =>
        s.Rel.StarColumns is { } columns ? columns.Select(c => new StarEntry(s, c.Name)).ToList() : [new StarEntry(s, null)];

    /// <summary>
    /// A join: for USING/NATURAL, each join column is one column fed by both sides (PostgreSQL's COALESCE), listed
    /// first by <c>*</c>, then the other columns of the left side, then of the right side.
    /// </summary>
    private List<StarEntry> BindJoin(JsonElement tableRef, Scope scope, List<JsonElement> pendingJoins, Dictionary<ColumnRef, DependencyKind> rowFilter)
    {
        int before = scope.Sources.Count;
        var leftStar = Bind(tableRef.GetProperty("left"), scope, pendingJoins, rowFilter);
        int middle = scope.Sources.Count;
        var rightStar = Bind(tableRef.GetProperty("right"), scope, pendingJoins, rowFilter);
        if (tableRef.TryGetProperty("condition", out var cond) && cond.ValueKind == JsonValueKind.Object) pendingJoins.Add(cond);
        var usingColumns = tableRef.TryGetProperty("using_columns", out var u) ? u.EnumerateArray().Select(x => x.GetString()!).ToList() : new List<string>();
        var left = scope.Sources.GetRange(before, middle - before);
        var right = scope.Sources.GetRange(middle, scope.Sources.Count - middle);
        if (Str(tableRef, "ref_type") == "NATURAL")
            usingColumns.AddRange(leftStar.Where(e => e.Name is not null).Select(e => e.Name!)
                .Intersect(rightStar.Where(e => e.Name is not null).Select(e => e.Name!), StringComparer.Ordinal));
        var joined = new HashSet<string>(StringComparer.Ordinal);
        var star = new List<StarEntry>();
        foreach (var name in usingColumns)
        {
            if (!joined.Add(name)) continue;
            // USING/NATURAL join column = COALESCE(left, right): both sides are join keys and both flow into the value.
            var merged = new Col(name);
            foreach (var side in new[] { Side(leftStar, left, name), Side(rightStar, right, name) })
            {
                if (side is null) continue;
                AddAll(rowFilter, side.Value, DependencyKind.JoinKey); Merge(rowFilter, side.Indirect);
                merged.Value.UnionWith(side.Value); Merge(merged.Indirect, side.Indirect);
                if (side.Kind > merged.Kind) merged.Kind = side.Kind;
            }
            star.Add(new StarEntry(null, name, merged));
            scope.Using[name] = merged;
        }
        star.AddRange(leftStar.Where(e => e.Name is null || !joined.Contains(e.Name)));
        star.AddRange(rightStar.Where(e => e.Name is null || !joined.Contains(e.Name)));
        return star;

        // One side's column: a USING column of a nested join on that side (already merged), else its first source having it.
        static Col? Side(List<StarEntry> sideStar, List<Source> sources, string name) =>
            sideStar.FirstOrDefault(e => e.Joined is not null && string.Equals(e.Name, name, StringComparison.Ordinal))?.Joined
            ?? sources.Select(s => s.Rel.Find(name)).FirstOrDefault(c => c is not null);
    }

    private void BindItem(JsonElement tableRef, Scope scope, List<JsonElement> pendingJoins, Dictionary<ColumnRef, DependencyKind> rowFilter)
    {
        var type = tableRef.GetProperty("type").GetString();
        var alias = Str(tableRef, "alias");
        switch (type)
        {
            case "EMPTY":
                return;
            case "BASE_TABLE":
            {
                var table = Str(tableRef, "table_name");
                var schema = Str(tableRef, "schema_name");
                var qualified = schema.Length > 0 ? schema + "." + table : table;
                Rel rel;
                if (schema.Length == 0 && scope.Env.Find(table) is { } cte) rel = ResolveCte(cte, table, scope);
                else rel = BaseTable(qualified);
                rel = Rename(rel, ColumnAliases(tableRef));
                scope.Sources.Add(new Source(alias.Length > 0 ? alias : table, alias.Length > 0 ? null : qualified, rel));
                return;
            }
            case "SUBQUERY":
            {
                // The derived table's parent scope is this FROM scope, so a LATERAL subquery sees the items bound before it.
                var rel = Evaluate(tableRef.GetProperty("subquery").GetProperty("node"), scope.Env, scope);
                scope.Sources.Add(new Source(alias, null, Rename(rel, ColumnAliases(tableRef))));
                return;
            }
            case "EXPRESSION_LIST":
            {
                var rel = new Rel();
                var rows = tableRef.GetProperty("values").EnumerateArray().ToList();
                for (int i = 0; rows.Count > 0 && i < rows[0].GetArrayLength(); i++)
                {
                    var col = new Col("col" + i) { Kind = DependencyKind.Transformation };
                    foreach (var row in rows) { var acc = ResolveValue(row[i], scope); col.Value.UnionWith(acc.Value); Merge(col.Indirect, acc.Indirect); }
                    rel.Columns.Add(col);
                }
                scope.Sources.Add(new Source(alias.Length > 0 ? alias : "valueslist", null, Rename(rel, ColumnAliases(tableRef))));
                return;
            }
            case "TABLE_FUNCTION" when tableRef.TryGetProperty("function", out var call) && Class(call) == "FUNCTION":
            {
                scope.Sources.Add(TableFunction(tableRef, call, alias, scope));
                return;
            }
            default:
            {
                // PIVOT/UNPIVOT read their source: bind it so its tables count as read and its filters as row filters.
                if (tableRef.TryGetProperty("source", out var pivotSource) && pivotSource.ValueKind == JsonValueKind.Object)
                {
                    var inner = new Scope(scope.Parent, scope.Env);
                    Bind(pivotSource, inner, pendingJoins, rowFilter);
                    foreach (var s in inner.Sources) Merge(rowFilter, s.Rel.RowFilter);
                }
                // Table functions (read_csv, generate_series, unnest), PIVOT, …: columns unknown, no base-column lineage.
                var name = alias.Length > 0 ? alias
                    : tableRef.TryGetProperty("function", out var f) && f.TryGetProperty("function_name", out var fn) ? fn.GetString()! : type!.ToLowerInvariant();
                Warnings.Add($"{type} source '{name}' has no catalog columns; its columns carry no base-column lineage");
                scope.Sources.Add(new Source(name, null, new Rel { Opaque = true }));
                return;
            }
        }
    }

    /// <summary>
    /// A set-returning function in FROM (<c>unnest(o.tags) AS t(tag)</c>, <c>jsonb_array_elements(e.doc -> 'items') AS item</c>,
    /// <c>jsonb_to_recordset(e.payload) AS x(a int, b text)</c>): every column it produces is a transformation of the columns
    /// in its arguments, which resolve against the FROM items bound before it (PostgreSQL treats functions in FROM as
    /// LATERAL) and the outer scopes. With a column alias list the columns are known (<c>*</c> expands; a trailing
    /// <c>WITH ORDINALITY</c> column is a counter with no sources); without one any column name is accepted.
    /// </summary>
    private Source TableFunction(JsonElement tableRef, JsonElement call, string alias, Scope scope)
    {
        var function = Str(call, "function_name");
        var args = new Acc();
        WalkChildren(call, scope, args, null);
        var template = new Col(function) { Value = args.Value, Indirect = args.Indirect, Kind = DependencyKind.Transformation };
        if (args.Value.Count == 0)
            Warnings.Add($"table function '{function}' reads no columns; its columns carry no base-column lineage");
        var aliases = ColumnAliases(tableRef);
        bool ordinality = Str(tableRef, "with_ordinality") == "WITH_ORDINALITY";
        var known = KnownOutput(function, call.GetProperty("children").GetArrayLength(), alias);
        if (known is null && aliases.Length == 0) aliases = ColumnDefinitionList(call, function) ?? aliases;
        Rel rel;
        if (known is null && aliases.Length == 0) rel = new Rel { Template = template };
        else if (known is null)
        {
            rel = new Rel();
            for (int i = 0; i < aliases.Length; i++)
                rel.Columns.Add(ordinality && aliases.Length > 1 && i == aliases.Length - 1 ? new Col(aliases[i]) { Kind = DependencyKind.Transformation } : template.Renamed(aliases[i]));
        }
        else
        {
            // PostgreSQL names the columns of a known function; an alias list renames them from the left. The alias
            // alone (a whole-row reference) is still accepted, with the arguments' lineage.
            var names = known.Concat(ordinality ? ["ordinality"] : Array.Empty<string>()).ToArray();
            for (int i = 0; i < names.Length && i < aliases.Length; i++) names[i] = aliases[i];
            rel = new Rel { Template = template, Listed = true };
            for (int i = 0; i < names.Length; i++)
                rel.Columns.Add(ordinality && i == names.Length - 1 ? new Col(names[i]) { Kind = DependencyKind.Transformation } : template.Renamed(names[i]));
        }
        return new Source(alias.Length > 0 ? alias : function, null, rel);
    }

    /// <summary>
    /// The column names of a column definition list (<c>jsonb_to_recordset(e.payload) AS x(a int, b text)</c> → a, b),
    /// which DuckDB's parse tree drops: read from the statement text with the tokenizer, starting at the function call
    /// DuckDB located. Null when the text at that place is not this function call followed by such a list.
    /// </summary>
    private string[]? ColumnDefinitionList(JsonElement call, string function)
    {
        if (_sql is null || !call.TryGetProperty("query_location", out var loc) || !loc.TryGetInt64(out long location) || location < 0) return null;
        int start = CharOffset(_sql, location);
        if (start < 0) return null;
        _tokens ??= SqlTokenizer.Tokenize(_sql);
        int i = _tokens.FindIndex(t => t.Start == start);
        if (i < 0) return null;
        // [schema.]function ( arguments ) [WITH ORDINALITY] [AS] alias ( name type [, …] )
        while (i + 2 < _tokens.Count && _tokens[i + 1].IsSymbol(".")) i += 2;
        if (!string.Equals(_tokens[i].Identifier, function, StringComparison.Ordinal) || i + 1 >= _tokens.Count || !_tokens[i + 1].IsSymbol("(")) return null;
        i = AfterParentheses(i + 1);
        if (i + 1 < _tokens.Count && _tokens[i].Is("with") && _tokens[i + 1].Is("ordinality")) i += 2;
        if (i < _tokens.Count && _tokens[i].Is("as")) i++;
        if (i < _tokens.Count && _tokens[i].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) i++;
        if (i >= _tokens.Count || !_tokens[i].IsSymbol("(")) return null;
        var names = new List<string>();
        bool expectName = true;
        for (int level = 0, j = i + 1; j < _tokens.Count; j++)
        {
            var t = _tokens[j];
            if (t.IsSymbol("(")) level++;
            else if (t.IsSymbol(")")) { if (level == 0) return names.Count > 0 ? names.ToArray() : null; level--; }
            else if (level == 0 && t.IsSymbol(",")) expectName = true;
            else if (expectName)
            {
                if (t.Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return null;
                names.Add(t.Identifier);
                expectName = false;
            }
        }
        return null;

        int AfterParentheses(int open)
        {
            for (int level = 0, j = open; j < _tokens!.Count; j++)
            {
                if (_tokens[j].IsSymbol("(")) level++;
                else if (_tokens[j].IsSymbol(")") && --level == 0) return j + 1;
            }
            return _tokens.Count;
        }
    }

    /// <summary>The character index of a DuckDB <c>query_location</c> (a UTF-8 byte offset), or -1 past the end.</summary>
    private static int CharOffset(string text, long byteOffset)
    {
        long bytes = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (bytes == byteOffset) return i;
            if (bytes > byteOffset) return -1;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { bytes += 4; i++; }
            else bytes += text[i] < 0x80 ? 1 : text[i] < 0x800 ? 2 : 3;
        }
        return -1;
    }

    /// <summary>
    /// Output column names PostgreSQL gives common set-returning functions (PostgreSQL 15 manual, 9.16 JSON functions:
    /// <c>json[b]_array_elements[_text]</c> return <c>value</c>, <c>json[b]_each[_text]</c> return <c>key, value</c>;
    /// <c>unnest</c> of one array, <c>generate_series</c>, <c>generate_subscripts</c>, <c>regexp_split_to_table</c>,
    /// <c>string_to_table</c>, <c>regexp_matches</c>, <c>json[b]_object_keys</c> return one column of a base type, named
    /// after the table alias, else after the function). Null for other functions (their columns come from an alias list
    /// or stay open).
    /// </summary>
    private static string[]? KnownOutput(string function, int arguments, string alias) => function switch
    {
        "json_array_elements" or "jsonb_array_elements" or "json_array_elements_text" or "jsonb_array_elements_text" => ["value"],
        "json_each" or "jsonb_each" or "json_each_text" or "jsonb_each_text" => ["key", "value"],
        "unnest" when arguments == 1 => [alias.Length > 0 ? alias : function],
        "generate_series" or "generate_subscripts" or "regexp_split_to_table" or "string_to_table" or "regexp_matches" or "json_object_keys" or "jsonb_object_keys"
            => [alias.Length > 0 ? alias : function],
        _ => null,
    };

    private Rel BaseTable(string qualified)
    {
        if (_catalog.TryGetExact(qualified, out var canonical, out var columns))
        {
            Reads.Add(canonical);
            var rel = new Rel();
            foreach (var c in columns) { var col = new Col(c); col.Value.Add(new ColumnRef(canonical, c)); rel.Columns.Add(col); }
            return rel;
        }
        Reads.Add(qualified);
        if (_catalog.Count > 0) Warnings.Add($"table '{qualified}' is not in the catalog; its columns are taken as referenced and * cannot be expanded");
        return new Rel { OpenTable = qualified };
    }

    private Rel ResolveCte(Cte cte, string name, Scope scope)
    {
        if (cte.Resolved is not null) return cte.Resolved;
        if (cte.InProgress)
        {
            Warnings.Add($"CTE '{name}' refers to itself without RECURSIVE; treated as opaque");
            return new Rel { Opaque = true };
        }
        cte.InProgress = true;
        // A CTE sees the CTEs defined before it in the same WITH and the enclosing ones, not the FROM sources of the query.
        var rel = Evaluate(cte.Node, scope.Env, null);
        cte.InProgress = false;
        cte.Resolved = Rename(rel, cte.Aliases);
        return cte.Resolved;
    }

    private static string[] ColumnAliases(JsonElement tableRef) =>
        tableRef.TryGetProperty("column_name_alias", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToArray() : Array.Empty<string>();

    private static Rel Rename(Rel rel, string[] aliases)
    {
        if (aliases.Length == 0) return rel;
        var copy = new Rel { RowFilter = rel.RowFilter, OpenTable = rel.OpenTable, Opaque = rel.Opaque, Template = rel.Template };
        for (int i = 0; i < rel.Columns.Count; i++)
            copy.Columns.Add(i < aliases.Length ? rel.Columns[i].Renamed(aliases[i]) : rel.Columns[i]);
        return copy;
    }

    private void ExpandStar(JsonElement star, Scope scope, ref int position)
    {
        var relation = Str(star, "relation_name");
        var exclude = new HashSet<string>(star.TryGetProperty("exclude_list", out var ex) ? ex.EnumerateArray().Select(Excluded) : Array.Empty<string>(), StringComparer.Ordinal);
        var replace = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (star.TryGetProperty("replace_list", out var rl))
            foreach (var r in rl.EnumerateArray()) replace[r.GetProperty("key").GetString()!] = r.GetProperty("value");
        // * lists the FROM clause's columns (USING/NATURAL join columns once, first); t.* the columns of one source.
        var entries = relation.Length == 0 ? scope.Star
            : scope.Sources.Where(s => Matches(s, relation))
                .SelectMany(StarEntries).ToList();
        if (relation.Length > 0 && entries.Count == 0) Warnings.Add($"{relation}.* does not name a FROM source");
        foreach (var e in entries)
        {
            if (e.Name is null)
            {
                var s = e.Source!;
                Warnings.Add($"cannot expand {(s.Alias.Length > 0 ? s.Alias + "." : "")}* ({(s.Rel.Template is not null ? "the table function's column names are not given" : "source not in the catalog")})");
                continue;
            }
            if (exclude.Contains(e.Name)) continue;
            // A join column is referenced unqualified: it resolves to the merged USING column of this scope.
            JsonElement expr = replace.TryGetValue(e.Name, out var rep) ? rep : Synthetic(e.Source?.Alias ?? "", e.Name);
            scope.Items.Add((e.Name, expr));
            position++;
        }

        static string Excluded(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.ToString();
    }

    /// <summary>A COLUMN_REF node for a star-expanded column.</summary>
    private static JsonElement Synthetic(string alias, string column)
    {
        var names = alias.Length > 0 ? new[] { alias, column } : new[] { column };
        return JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["class"] = "COLUMN_REF", ["column_names"] = names });
    }

    // ---- expressions -------------------------------------------------------------------------------------------

    private Acc ResolveValue(JsonElement expr, Scope scope)
    {
        var acc = new Acc { Kind = Class(expr) == "COLUMN_REF" ? DependencyKind.DirectCopy : DependencyKind.Transformation };
        if (expr.ValueKind == JsonValueKind.Object) Walk(expr, scope, acc, null);
        return acc;
    }

    private void WalkIndirect(JsonElement expr, Scope scope, DependencyKind kind, Dictionary<ColumnRef, DependencyKind> into)
    {
        if (expr.ValueKind != JsonValueKind.Object) return;
        var acc = new Acc { Indirect = into };
        Walk(expr, scope, acc, kind);
    }

    /// <summary>GROUP BY / ORDER BY / DISTINCT ON by position (<c>GROUP BY 1</c>) refers to a SELECT item.</summary>
    private static JsonElement PositionalOr(JsonElement expr, Scope scope)
    {
        if (Class(expr) == "CONSTANT" && expr.TryGetProperty("value", out var v) && v.TryGetProperty("value", out var n) &&
            n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out int k) && k >= 1 && k <= scope.Items.Count)
        {
            var item = scope.Items[k - 1];
            return item.Expr.ValueKind == JsonValueKind.Object ? item.Expr : Synthetic("", item.Name);
        }
        return expr;
    }

    private void Walk(JsonElement e, Scope scope, Acc acc, DependencyKind? indirectKind)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (Class(e))
        {
            case "CONSTANT":
                return;
            case "COLUMN_REF":
            {
                var names = e.GetProperty("column_names").EnumerateArray().Select(x => x.GetString()!).ToArray();
                var col = Lookup(scope, names);
                if (col is null) { Warnings.Add($"column '{string.Join(".", names)}' could not be resolved"); return; }
                Absorb(acc, col, indirectKind);
                return;
            }
            case "SUBQUERY":
            {
                var rel = Evaluate(e.GetProperty("subquery").GetProperty("node"), scope.Env, scope);
                if (Str(e, "subquery_type") != "EXISTS" && rel.Columns.Count > 0) Absorb(acc, rel.Columns[0], indirectKind);
                Merge(acc.Indirect, rel.RowFilter);
                if (e.TryGetProperty("child", out var child) && child.ValueKind == JsonValueKind.Object) Walk(child, scope, acc, indirectKind);
                return;
            }
            case "FUNCTION" when indirectKind is null && Aggregates.Contains(Str(e, "function_name")):
                if (acc.Kind < DependencyKind.Aggregation) acc.Kind = DependencyKind.Aggregation;
                break;
            case "WINDOW" when indirectKind is null:
                if (acc.Kind < DependencyKind.Window) acc.Kind = DependencyKind.Window;
                break;
            case "LAMBDA":
            {
                // DuckDB parses both `x -> x + 1` (a lambda) and the JSON operator `col -> 'path'` as LAMBDA (the binder
                // decides). A constant right-hand side means the JSON operator: its left side is a real expression.
                // Otherwise it is a lambda: its parameters are not columns, only the body's free columns matter.
                var body = e.GetProperty("expr");
                if (Class(body) == "CONSTANT") { Walk(e.GetProperty("lhs"), scope, acc, indirectKind); return; }
                Walk(body, scope, acc, indirectKind);
                return;
            }
        }
        WalkChildren(e, scope, acc, indirectKind);
    }

    private void WalkChildren(JsonElement e, Scope scope, Acc acc, DependencyKind? indirectKind)
    {
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                if (p.Value.TryGetProperty("class", out _)) Walk(p.Value, scope, acc, indirectKind);
                else if (p.Name is not ("cast_type" or "value" or "type")) WalkChildren(p.Value, scope, acc, indirectKind);
            }
            else if (p.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in p.Value.EnumerateArray())
                    if (x.ValueKind == JsonValueKind.Object)
                    {
                        if (x.TryGetProperty("class", out _)) Walk(x, scope, acc, indirectKind);
                        else WalkChildren(x, scope, acc, indirectKind);
                    }
            }
        }
    }

    private static void Absorb(Acc acc, Col col, DependencyKind? indirectKind)
    {
        if (indirectKind is { } k)
        {
            AddAll(acc.Indirect, col.Value, k);
            Merge(acc.Indirect, col.Indirect);
        }
        else
        {
            acc.Value.UnionWith(col.Value);
            Merge(acc.Indirect, col.Indirect);
            if (col.Kind > acc.Kind) acc.Kind = col.Kind;
        }
    }

    // ---- name resolution ---------------------------------------------------------------------------------------

    private Col? Lookup(Scope scope, string[] names)
    {
        for (var s = scope; s is not null; s = s.Parent)
        {
            var found = LookupIn(s, names);
            if (found is not null) return found;
        }
        return null;
    }

    private Col? LookupIn(Scope scope, string[] names)
    {
        if (names.Length >= 2)
        {
            // schema.table.column, then alias.column, then alias.column.field (struct access)
            if (names.Length >= 3)
            {
                var qualified = string.Join(".", names[..^1]);
                var src = scope.Sources.FirstOrDefault(x => Matches(x, qualified));
                if (src is not null && src.Rel.Find(names[^1]) is { } c3) return c3;
            }
            var source = scope.Sources.FirstOrDefault(x => Matches(x, names[0]));
            if (source is not null) return source.Rel.Find(names[1]);
            return Unqualified(scope, names[0], allowAlias: false);
        }
        return Unqualified(scope, names[0], allowAlias: true);
    }

    private Col? Unqualified(Scope scope, string name, bool allowAlias)
    {
        if (scope.Using.TryGetValue(name, out var joined)) return joined;
        Col? closed = null; int closedCount = 0;
        foreach (var s in scope.Sources)
        {
            // A function's listed columns count as known; its other names only after the SELECT aliases.
            var c = !s.Rel.IsOpen ? s.Rel.Find(name)
                : s.Rel.Listed ? s.Rel.Columns.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.Ordinal)) : null;
            if (c is not null) { closed ??= c; closedCount++; }
        }
        if (closedCount > 1) Warnings.Add($"column '{name}' is ambiguous; took the first FROM source having it");
        if (closed is not null) return closed;
        // A SELECT alias used in WHERE/GROUP BY/HAVING/ORDER BY/QUALIFY (DuckDB and PostgreSQL ORDER BY allow it).
        if (allowAlias && !scope.ResolvingAliases.Contains(name))
        {
            var item = scope.Items.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));
            if (item.Name is not null && item.Expr.ValueKind == JsonValueKind.Object)
            {
                scope.ResolvingAliases.Add(name);
                try
                {
                    var acc = ResolveValue(item.Expr, scope);
                    return new Col(name) { Value = acc.Value, Indirect = acc.Indirect, Kind = acc.Kind };
                }
                finally { scope.ResolvingAliases.Remove(name); }
            }
        }
        var open = scope.Sources.Where(s => s.Rel.IsOpen).ToList();
        if (open.Count == 0) return null;
        // Columns of tables missing from the catalog cannot be told apart when several are joined: the first one wins.
        if (open.Count > 1) Warnings.Add($"column '{name}' attributed to '{open[0].Alias}' (several FROM sources are not in the catalog)");
        return open[0].Rel.Find(name);
    }

    private static bool Matches(Source s, string qualifier) =>
        string.Equals(s.Alias, qualifier, StringComparison.Ordinal) ||
        (s.QualifiedName is not null && string.Equals(s.QualifiedName, qualifier, StringComparison.Ordinal));

    // ---- helpers -----------------------------------------------------------------------------------------------

    /// <summary>True when the expression has an aggregate call outside window functions and subqueries.</summary>
    private static bool ContainsAggregate(JsonElement e)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var cls = Class(e);
                if (cls is "WINDOW" or "SUBQUERY") return false;
                if (cls == "FUNCTION" && Aggregates.Contains(Str(e, "function_name"))) return true;
                foreach (var p in e.EnumerateObject()) if (ContainsAggregate(p.Value)) return true;
                return false;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) if (ContainsAggregate(x)) return true;
                return false;
            default:
                return false;
        }
    }

    private static string OutputName(JsonElement item, int position)
    {
        var alias = Str(item, "alias");
        if (alias.Length > 0) return alias;
        if (Class(item) == "COLUMN_REF") return item.GetProperty("column_names").EnumerateArray().Last().GetString()!;
        return "_col_" + position;
    }

    private static string Class(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("class", out var c) ? c.GetString() ?? "" : "";

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static void Merge(Dictionary<ColumnRef, DependencyKind> into, Dictionary<ColumnRef, DependencyKind> from)
    {
        if (ReferenceEquals(into, from)) return;
        foreach (var (k, v) in from) into.TryAdd(k, v);
    }

    private static void AddAll(Dictionary<ColumnRef, DependencyKind> into, IEnumerable<ColumnRef> cols, DependencyKind kind)
    {
        foreach (var c in cols) into.TryAdd(c, kind);
    }
}
