namespace AdaptiveEtl.Kit.Samples;

/// <summary>
/// Writes the kit's sample data set (the files committed under <c>data-samples/</c>): a year of ETL run history for four
/// pipelines, a holiday calendar, a landing zone whose schema changes once, a month of warehouse SQL log with its
/// catalog, a customer table with a drifted later batch, and four months of a growing star-schema workload (query log, access log,
/// catalog, profile snapshots). Deterministic: the same seed writes the same bytes.
/// </summary>
public static class SampleDataGenerator
{
    /// <summary>The seed the committed samples were generated with.</summary>
    public const int DefaultSeed = 20250101;

    /// <summary>The files the generator writes, relative to the output folder.</summary>
    public static IReadOnlyList<string> FileNames =>
    [
        "etl_runs.csv", "holidays.csv", "query_log.csv", "warehouse_catalog.json", "customers_reference.csv", "customers_drifted.csv",
        "workload_log.csv", "access_log.jsonl", "star_catalog.json", "profile_history.json",
        .. LandingZoneSample.Files(DefaultSeed).Select(f => "landing/" + f.FileName),
    ];

    /// <summary>Generates every sample file into <paramref name="outputDirectory"/> (created if missing) and returns their paths.</summary>
    /// <remarks>Each file is written to a temporary name and then moved into place, so a reader never sees a half-written file.</remarks>
    public static IReadOnlyList<string> Generate(string outputDirectory, int seed = DefaultSeed)
    {
        var files = new List<(string Name, string Content)>
        {
            ("etl_runs.csv", RunHistorySample.RunsCsv(seed)),
            ("holidays.csv", RunHistorySample.HolidaysCsv()),
            ("query_log.csv", QueryLogSample.LogCsv(seed + 1)),
            ("warehouse_catalog.json", QueryLogSample.CatalogJson()),
            ("customers_reference.csv", CustomerSample.ReferenceCsv(seed + 2)),
            ("customers_drifted.csv", CustomerSample.DriftedCsv(seed + 3)),
            ("workload_log.csv", WorkloadSample.WorkloadCsv(seed + 5)),
            ("access_log.jsonl", WorkloadSample.AccessLogJsonl(seed + 6)),
            ("star_catalog.json", WorkloadSample.CatalogJson()),
            ("profile_history.json", WorkloadSample.ProfileHistoryJson(seed + 7)),
        };
        files.AddRange(LandingZoneSample.Files(seed + 4).Select(f => ("landing/" + f.FileName, f.Content)));
        var written = new List<string>();
        foreach (var (name, content) in files)
        {
            var path = Path.GetFullPath(Path.Combine(outputDirectory, name));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var tmp = path + ".tmp";
            File.WriteAllText(tmp, content, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(tmp, path, overwrite: true);
            written.Add(path);
        }
        return written;
    }
}
