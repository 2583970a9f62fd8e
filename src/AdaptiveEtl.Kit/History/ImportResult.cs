namespace AdaptiveEtl.Kit.History;

/// <summary>What an import into the <see cref="RunHistoryStore"/> wrote.</summary>
/// <param name="Source">The file or frame imported.</param>
/// <param name="Runs">Runs inserted or updated.</param>
/// <param name="IngestionRates">Ingestion-rate samples inserted or updated.</param>
public sealed record ImportResult(string Source, int Runs, int IngestionRates);
