using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Proactive.Sources;

/// <summary>One PostgreSQL server shared by the proactive test classes that need one (each test creates its own database).</summary>
[CollectionDefinition(Name)]
public sealed class ProactivePostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>Collection name.</summary>
    public const string Name = "proactive-postgres";
}
