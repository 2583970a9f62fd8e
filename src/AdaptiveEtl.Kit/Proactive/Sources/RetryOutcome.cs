namespace AdaptiveEtl.Kit.Proactive.Sources;

/// <summary>The result of <see cref="RetryPolicy.ExecuteAsync{T}"/>.</summary>
/// <param name="Succeeded">Whether an attempt succeeded.</param>
/// <param name="Value">The successful attempt's value.</param>
/// <param name="Attempts">Attempts made.</param>
/// <param name="Errors">One line per failed attempt.</param>
/// <param name="Waited">Total backoff waited.</param>
/// <param name="LastError">The last failure, when it did not succeed.</param>
public sealed record RetryOutcome<T>(bool Succeeded, T? Value, int Attempts, IReadOnlyList<string> Errors, TimeSpan Waited, Exception? LastError)
{
    /// <summary>Why it stopped retrying, when it did not succeed.</summary>
    public string? GaveUpBecause { get; init; }

    /// <inheritdoc />
    public override string ToString() => Succeeded
        ? $"succeeded on attempt {Attempts}{(Errors.Count > 0 ? $" after {Errors.Count} failure(s), {Waited.TotalSeconds:F1} s backoff" : "")}"
        : $"failed: {GaveUpBecause}; {string.Join("; ", Errors)}";
}
