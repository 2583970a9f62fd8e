namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Controller;

/// <summary>A clock the test sets (the controller reads only GetUtcNow).</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
