using Npgsql;

namespace NasSharp.Store.Experiments;

/// <summary>
/// Turns a libpq connection URI (<c>postgresql://user:password@host:port/database?sslmode=require</c>, PostgreSQL
/// documentation 34.1.1.2) into an Npgsql connection string, which Npgsql does not parse itself.
/// </summary>
internal static class PostgresUri
{
    public static string ToConnectionString(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"--store '{Hide(text)}' is not a valid postgresql://user@host:port/database URI");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            throw new ArgumentException($"--store '{Hide(text)}' names no database: add /DATABASE after the host");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            try
            {
                builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"--store '{Hide(text)}': unknown connection parameter '{kv[0]}'");
            }
        }

        return builder.ConnectionString;
    }

    // The password never goes into a message.
    private static string Hide(string text)
    {
        var at = text.LastIndexOf('@');
        var colon = at < 0 ? -1 : text.IndexOf(':', text.IndexOf("//", StringComparison.Ordinal) + 2);
        return colon >= 0 && colon < at ? text[..colon] + ":***" + text[at..] : text;
    }
}
