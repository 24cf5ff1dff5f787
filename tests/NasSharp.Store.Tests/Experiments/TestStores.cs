using NasSharp.Store.Experiments;

namespace NasSharp.Store.Tests.Experiments;

/// <summary>Fresh stores for one test: an SQLite file in a temporary directory, or a new database on the test cluster.</summary>
public sealed class TestStores(PostgresServer server) : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "nassharp-store-" + Guid.NewGuid().ToString("N"));
    private readonly List<IExperimentStore> opened = [];

    /// <summary>A location for a new, empty store.</summary>
    public StoreLocation NewLocation(StoreBackend backend)
    {
        if (backend == StoreBackend.Sqlite)
        {
            Directory.CreateDirectory(directory);
            return new StoreLocation(StoreBackend.Sqlite, Path.Combine(directory, Guid.NewGuid().ToString("N") + ".db"));
        }

        return new StoreLocation(StoreBackend.PostgreSql, server.CreateDatabase());
    }

    /// <summary>Opens <paramref name="location"/>; closed at the end of the test.</summary>
    public IExperimentStore Open(StoreLocation location)
    {
        var store = location.Open();
        opened.Add(store);
        return store;
    }

    public IExperimentStore OpenEmpty(StoreBackend backend) => Open(NewLocation(backend));

    public void Dispose()
    {
        foreach (var store in opened)
        {
            store.Dispose();
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
