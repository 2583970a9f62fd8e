using AdaptiveEtl.Kit.Tests.Infrastructure;

namespace AdaptiveEtl.Kit.Tests.SchemaEvolution.Controller;

/// <summary>One PostgreSQL server (with HypoPG) shared by the schema-controller test classes; each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class SchemaControllerPostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "schema-controller-postgres";
}
