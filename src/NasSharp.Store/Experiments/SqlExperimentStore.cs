using System.Data.Common;

namespace NasSharp.Store.Experiments;

/// <summary>
/// The store over an SQL database, shared by both backends: the statements are portable SQL (RETURNING, LIMIT), and
/// a backend supplies only its dialect: how to connect, how a write transaction starts, the clock expression, row
/// locking and its migration scripts. Every operation opens a pooled connection of its own, so one store can be used
/// by a worker's heartbeat timer and its main thread at once. Times are milliseconds since the Unix epoch read from
/// the database's clock (one clock for every worker, as leases need).
/// </summary>
public abstract partial class SqlExperimentStore : IExperimentStore
{
    private bool disposed;

    public int SchemaVersion { get; private set; }

    public abstract string Description { get; }

    /// <summary>SQL giving the database clock in Unix milliseconds as a 64-bit integer.</summary>
    protected abstract string NowMillisecondsSql { get; }

    /// <summary>Appended to a SELECT that must lock the rows it reads until commit ("" where the transaction already serializes writers).</summary>
    protected abstract string ForUpdateSql { get; }

    /// <summary>Appended to the lease query: lock the chosen row and skip rows other transactions hold.</summary>
    protected abstract string SkipLockedSql { get; }

    /// <summary>The migration scripts, in version order (script i brings the schema to version i + 1), each a list of statements.</summary>
    protected abstract IReadOnlyList<IReadOnlyList<string>> Migrations { get; }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>An open connection, configured for this backend.</summary>
    protected abstract DbConnection OpenConnection();

    /// <summary>Starts a transaction that may write; it must serialize with every other writer of the rows it locks.</summary>
    protected abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Keeps two processes from migrating at once (inside the migration transaction).</summary>
    protected abstract void LockMigrations(DbConnection connection, DbTransaction transaction);

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Brings the schema to the latest version: each migration runs once, in one transaction with its version row.</summary>
    protected void Migrate()
    {
        using var connection = OpenConnection();
        using var transaction = BeginWrite(connection);
        LockMigrations(connection, transaction);
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)");
        var current = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Migrations.Count)
        {
            throw new InvalidOperationException($"{Description}: schema version {current} is newer than this program knows ({Migrations.Count}); update nas.");
        }

        var now = Now(connection, transaction);
        for (var version = current + 1; version <= Migrations.Count; version++)
        {
            foreach (var statement in Migrations[version - 1])
            {
                Execute(connection, transaction, statement);
            }

            Execute(connection, transaction, "INSERT INTO schema_version (version, applied_ms) VALUES (@v, @now)", ("v", version), ("now", now));
        }

        transaction.Commit();
        SchemaVersion = Migrations.Count;
    }

    /// <summary>Runs <paramref name="body"/> in one write transaction on a fresh connection and commits.</summary>
    private T Write<T>(Func<DbConnection, DbTransaction, T> body)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var connection = OpenConnection();
        using var transaction = BeginWrite(connection);
        var result = body(connection, transaction);
        transaction.Commit();
        return result;
    }

    private T Read<T>(Func<DbConnection, T> body)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var connection = OpenConnection();
        return body(connection);
    }

    private long Now(DbConnection connection, DbTransaction? transaction) =>
        Convert.ToInt64(Scalar(connection, transaction, "SELECT " + NowMillisecondsSql), System.Globalization.CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static List<T> Query<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> row, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
