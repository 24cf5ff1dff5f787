namespace NasSharp.Store.Tests.Experiments;

/// <summary>A fact that needs PostgreSQL: skipped, saying how to enable it, when PostgreSQL is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresServer.SkipReason!;
}
