namespace NasSharp.Store.Tests.Experiments;

/// <summary>The test classes that share one throwaway PostgreSQL cluster (each test uses a database of its own).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
