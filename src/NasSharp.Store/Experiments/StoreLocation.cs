using Npgsql;

namespace NasSharp.Store.Experiments;

/// <summary>
/// Where the experiment store is, parsed from the <c>--store</c> option or <c>NASSHARP_STORE</c>: an SQLite file
/// (<c>runs/nas.db</c>, any <c>*.db</c>/<c>*.sqlite</c> path, or <c>sqlite:PATH</c>), a PostgreSQL URI
/// (<c>postgresql://user[:password]@host[:port]/database[?key=value&amp;...]</c>, libpq's form) or an Npgsql
/// connection string (<c>Host=...;Database=...</c>). Anything else is rejected with one line naming the value.
/// </summary>
public sealed record StoreLocation(StoreBackend Backend, string Target)
{
    /// <summary>The environment variable read when no <c>--store</c> is given.</summary>
    public const string EnvironmentVariable = "NASSHARP_STORE";

    /// <summary>The embedded default, relative to the working directory.</summary>
    public const string DefaultPath = "runs/nas.db";

    /// <summary>For messages: the SQLite path, or the PostgreSQL host and database without the password.</summary>
    public string Display => Backend == StoreBackend.Sqlite ? Target : Redacted(Target);

    /// <summary>The option if given, else <c>NASSHARP_STORE</c>, else <see cref="DefaultPath"/>.</summary>
    public static StoreLocation Resolve(string? option) =>
        Parse(!string.IsNullOrWhiteSpace(option) ? option
            : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
            : DefaultPath);

    /// <summary>Parses one store value; throws <see cref="ArgumentException"/> naming it when it is none of the forms.</summary>
    public static StoreLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return new StoreLocation(StoreBackend.PostgreSql, PostgresUri.ToConnectionString(text));
        }

        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite(text["sqlite:".Length..], value);
        }

        if (text.Contains('=', StringComparison.Ordinal))
        {
            return new StoreLocation(StoreBackend.PostgreSql, ConnectionString(text));
        }

        return text.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".sqlite3", StringComparison.OrdinalIgnoreCase)
            ? Sqlite(text, value)
            : throw new ArgumentException($"--store '{value}' is not a store: give an SQLite file (*.db or sqlite:PATH), a postgresql://user@host:port/database URI or a Host=...;Database=... connection string");
    }

    /// <summary>Opens (creating and migrating as needed) the store.</summary>
    public IExperimentStore Open()
    {
        try
        {
            return Backend == StoreBackend.Sqlite ? new SqliteExperimentStore(Target) : new PostgresExperimentStore(Target);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new IOException($"cannot open the store {Display}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    private static StoreLocation Sqlite(string path, string original) =>
        path.Trim().Length == 0 || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0
            ? throw new ArgumentException($"--store '{original}': not a valid SQLite file path")
            : new StoreLocation(StoreBackend.Sqlite, path.Trim());

    private static string ConnectionString(string text)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--store '{Redacted(text)}' is not a PostgreSQL connection string: {ex.Message}");
        }

        return string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database)
            ? throw new ArgumentException($"--store '{Redacted(text)}': a PostgreSQL connection string needs Host=... and Database=...")
            : builder.ConnectionString;
    }

    private static string Redacted(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }
}
