using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.Lineage;

/// <summary>One PostgreSQL server shared by the lineage test classes that need one (each test creates its own database).</summary>
[CollectionDefinition(Name)]
public sealed class LineagePostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>Collection name.</summary>
    public const string Name = "lineage-postgres";
}
