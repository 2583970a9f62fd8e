namespace AdaptiveEtl.Kit.Proactive.Staging;

/// <summary>The result of a publish.</summary>
/// <param name="Pipeline">Pipeline name.</param>
/// <param name="Target">Target table (unquoted name).</param>
/// <param name="Key">The publish key (idempotency: a key is published at most once).</param>
/// <param name="Rows">Rows written to the target by this call (0 when <paramref name="AlreadyPublished"/>).</param>
/// <param name="AlreadyPublished">Whether the key had been published before, so nothing was written.</param>
/// <param name="Duration">Wall time.</param>
/// <param name="Decisions">Logged decisions (e.g. columns added to the target).</param>
public sealed record PublishResult(string Pipeline, string Target, string Key, long Rows, bool AlreadyPublished, TimeSpan Duration, IReadOnlyList<string> Decisions)
{
    /// <inheritdoc />
    public override string ToString() => AlreadyPublished
        ? $"{Pipeline} → {Target}: key {Key} already published, nothing written"
        : $"{Pipeline} → {Target}: {Rows} row(s) published (key {Key}, {Duration.TotalMilliseconds:F0} ms)";
}
