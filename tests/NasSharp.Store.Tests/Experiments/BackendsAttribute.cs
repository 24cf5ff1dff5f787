using System.Reflection;
using NasSharp.Store.Experiments;
using Xunit.Sdk;

namespace NasSharp.Store.Tests.Experiments;

/// <summary>Theory data: SQLite always, PostgreSQL as its own row, skipped (with the way to enable it) when not installed.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class BackendsAttribute : DataAttribute
{
    public BackendsAttribute(StoreBackend backend)
    {
        Backend = backend;
        if (backend == StoreBackend.PostgreSql)
        {
            Skip = PostgresServer.SkipReason;
        }
    }

    public StoreBackend Backend { get; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Backend]];
}
