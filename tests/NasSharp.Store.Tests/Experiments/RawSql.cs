using Microsoft.Data.Sqlite;
using NasSharp.Store.Experiments;
using Npgsql;

namespace NasSharp.Store.Tests.Experiments;

/// <summary>Reads a store's tables directly, beside the interface under test.</summary>
internal static class RawSql
{
    public static long Scalar(StoreLocation location, string sql)
    {
        using System.Data.Common.DbConnection connection = location.Backend == StoreBackend.Sqlite
            ? new SqliteConnection($"Data Source={location.Target}")
            : new NpgsqlConnection(location.Target);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
