namespace AdaptiveEtl.Kit.Cli.Config;

/// <summary>
/// The zero-config default of <c>kit run</c>: a folder in the sample layout (<c>etl_runs.csv</c>, <c>holidays.csv</c>,
/// <c>customers_reference.csv</c>, <c>customers_drifted.csv</c>, <c>query_log.csv</c>, <c>warehouse_catalog.json</c>)
/// described as a <see cref="KitConfig"/>.
/// </summary>
public static class SampleLayout
{
    /// <summary>The config equivalent to the sample folder <paramref name="directory"/>.</summary>
    /// <exception cref="KitDataException">An expected file is missing (the message names it).</exception>
    public static KitConfig Describe(string directory)
    {
        var dir = Path.GetFullPath(directory);
        string Input(string name)
        {
            var path = Path.Combine(dir, name);
            return File.Exists(path) ? path : throw new KitDataException($"expected input file '{name}' is missing.", dir);
        }
        var origin = $"sample folder {dir}";
        var history = new HistoryConfig([new TableSource(TableSourceKind.Csv, Input("etl_runs.csv"), null, origin)], [], Input("holidays.csv"), null);
        var customers = new DriftDatasetConfig("customer",
            new TableSource(TableSourceKind.Csv, Input("customers_reference.csv"), null, origin),
            new TableSource(TableSourceKind.Csv, Input("customers_drifted.csv"), null, origin),
            new ColumnRoles(["customer_id"], null, "churned", []), origin);
        var lineage = new LineageConfig([Input("query_log.csv")], Input("warehouse_catalog.json"));
        return new KitConfig(dir, null, null, false, history, [customers], lineage, null);
    }
}
