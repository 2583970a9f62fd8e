using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution;

/// <summary>One PostgreSQL server shared by the schema-evolution test classes that need one (each test creates its own database).</summary>
[CollectionDefinition(Name)]
public sealed class SchemaEvolutionPostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>Collection name.</summary>
    public const string Name = "schema-evolution-postgres";
}
