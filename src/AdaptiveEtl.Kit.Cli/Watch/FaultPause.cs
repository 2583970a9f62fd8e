using AdaptiveEtl.Kit.Proactive.Staging;

namespace AdaptiveEtl.Kit.Cli.Watch;

/// <summary>
/// Fault injection for <c>kit watch</c> (hidden; for kill tests): the environment variable <see cref="Variable"/> names a
/// checkpoint — <c>Fetched</c>, <c>Appended</c>, <c>BeforeCommit</c>, <c>Committed</c> (inside a staging transaction) or
/// <c>Published</c>, <c>PublishBeforeCommit</c>, <c>PublishCommitted</c> (inside the publish transaction) — optionally
/// followed by <c>:N</c> (the N-th time it is reached, default 1). There the command prints <see cref="Marker"/>, the
/// checkpoint and its count on one line and sleeps until it is cancelled or killed.
/// </summary>
internal sealed class FaultPause
{
    /// <summary>The environment variable.</summary>
    public const string Variable = "KIT_FAULT_PAUSE_AT";

    /// <summary>The first word of the line printed when the pause is reached.</summary>
    public const string Marker = "KIT_FAULT_PAUSED";

    private static readonly string[] Known = ["Fetched", "Appended", "BeforeCommit", "Committed", "Published", "PublishBeforeCommit", "PublishCommitted"];
    private readonly string _at;
    private readonly int _occurrence;
    private int _seen;

    private FaultPause(string at, int occurrence)
    {
        _at = at;
        _occurrence = occurrence;
    }

    /// <summary>The pause the environment asks for, or null.</summary>
    /// <exception cref="ArgumentException">The variable names no known checkpoint or a bad count.</exception>
    public static FaultPause? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parts = value.Split(':', 2, StringSplitOptions.TrimEntries);
        var at = Known.FirstOrDefault(k => string.Equals(k, parts[0], StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"{Variable}='{value}': expected one of {string.Join(", ", Known)}, optionally ':N'.");
        int n = 1;
        if (parts.Length == 2 && (!int.TryParse(parts[1], out n) || n < 1))
            throw new ArgumentException($"{Variable}='{value}': the count after ':' must be a positive integer.");
        return new FaultPause(at, n);
    }

    /// <summary>The staging checkpoint (<see cref="StageOptions.Checkpoint"/>).</summary>
    public Task StageCheckpoint(StagePhase phase, CancellationToken ct) => Reach(phase.ToString(), ct);

    /// <summary>The publish checkpoint (<see cref="PublishOptions.Checkpoint"/>).</summary>
    public Task PublishCheckpoint(StagePhase phase, CancellationToken ct) =>
        Reach(phase == StagePhase.Published ? "Published" : "Publish" + phase, ct);

    private async Task Reach(string name, CancellationToken ct)
    {
        if (name != _at || ++_seen != _occurrence) return;
        Console.Out.WriteLine($"{Marker} {name} {_seen}");
        Console.Out.Flush();
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false); // cancellation throws, rolling the open transaction back
    }
}
