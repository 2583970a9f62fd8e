namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>Format of landing-zone files, each read by DuckDB's own reader.</summary>
public enum LandingFileFormat
{
    /// <summary>Chosen per file from its extension (<c>.csv</c>/<c>.tsv</c>/<c>.txt</c>, <c>.parquet</c>, <c>.json</c>/<c>.jsonl</c>/<c>.ndjson</c>).</summary>
    Auto,
    /// <summary>Delimited text with a header, read with <c>read_csv</c> (dialect and types sniffed).</summary>
    Csv,
    /// <summary>Parquet, read with <c>read_parquet</c>.</summary>
    Parquet,
    /// <summary>JSON lines (one object per line), read with <c>read_json</c>.</summary>
    JsonLines,
}
