using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace NasSharp.Store.Experiments;

/// <summary>
/// The embedded store: one SQLite file (by default <c>runs/nas.db</c>), safe for several processes of one machine.
/// Write-ahead logging lets readers run beside the one writer; every write transaction begins IMMEDIATE (takes the
/// write lock up front, so two lease transactions cannot both read the same queued row), and a busy timeout makes
/// a process wait for the lock instead of failing. <c>synchronous = NORMAL</c> in WAL mode keeps every committed
/// transaction across a process kill (https://www.sqlite.org/wal.html).
/// </summary>
public sealed class SqliteExperimentStore : SqlExperimentStore
{
    private const int BusyTimeoutMilliseconds = 60_000;
    private readonly string connectionString;

    public SqliteExperimentStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
        using (var connection = OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL";
            command.ExecuteNonQuery();
        }

        Migrate();
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public override string Description => $"sqlite:{Path}";

    protected override string NowMillisecondsSql => "CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)";

    protected override string ForUpdateSql => string.Empty;

    protected override string SkipLockedSql => string.Empty;

    protected override IReadOnlyList<IReadOnlyList<string>> Migrations { get; } = StoreSchema.For("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB");

    protected override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL";
        command.ExecuteNonQuery();
        return connection;
    }

    protected override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    protected override void LockMigrations(DbConnection connection, DbTransaction transaction)
    {
        // BEGIN IMMEDIATE already excludes every other writer.
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Pooled connections keep the file open (and its -wal/-shm beside it); release them with the store.
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }

        base.Dispose(disposing);
    }
}
