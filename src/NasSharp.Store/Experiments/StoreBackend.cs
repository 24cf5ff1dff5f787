namespace NasSharp.Store.Experiments;

/// <summary>Which database holds the experiment store.</summary>
public enum StoreBackend
{
    /// <summary>An SQLite file: the embedded default, one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database: many machines.</summary>
    PostgreSql,
}
