using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace NasSharp.Store.Tests.Experiments;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: initdb in a temporary directory, pg_ctl on 127.0.0.1 at a free port,
/// stopped and deleted on dispose. Started on first use, so a run where every PostgreSQL test is skipped starts
/// nothing. PostgreSQL refuses to run as root, so as root the cluster runs as the <c>postgres</c> system user (which
/// the distribution package creates) through <c>runuser</c>. Binaries come from <c>pg_config --bindir</c>, else the
/// newest <c>/usr/lib/postgresql/*/bin</c> (Debian's layout).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    /// <summary>Set to 1 to make a missing PostgreSQL a test failure instead of a skip (CI sets it).</summary>
    public const string RequireVariable = "NASSHARP_REQUIRE_POSTGRES";

    private static readonly Lazy<string?> Binaries = new(FindBinaries);
    private readonly Lazy<(string Root, int Port)> cluster;

    public PostgresServer() => cluster = new Lazy<(string, int)>(Start);

    /// <summary>Why PostgreSQL tests are skipped, or null when they run (PostgreSQL found, or required).</summary>
    public static string? SkipReason =>
        Binaries.Value is not null || Environment.GetEnvironmentVariable(RequireVariable) == "1"
            ? null
            : "PostgreSQL not found: install it (apt-get install -y postgresql) to run the PostgreSQL store tests";

    private static bool AsRoot => Environment.UserName == "root";

    /// <summary>
    /// A connection string to a new, empty schema of the cluster's database: as isolated as a database for the
    /// store's tables, and created in milliseconds where CREATE DATABASE copies a template.
    /// </summary>
    public string CreateDatabase()
    {
        var (_, port) = cluster.Value;
        var schema = "t_" + Guid.NewGuid().ToString("N");
        using (var admin = new NpgsqlConnection(ConnectionString(port, null)))
        {
            admin.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
            command.ExecuteNonQuery();
        }

        return ConnectionString(port, schema);
    }

    public void Dispose()
    {
        if (!cluster.IsValueCreated)
        {
            return;
        }

        var (root, _) = cluster.Value;
        NpgsqlConnection.ClearAllPools();
        Run("pg_ctl", "-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(root, recursive: true);
    }

    private static string ConnectionString(int port, string? schema) =>
        $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=30" + (schema is null ? string.Empty : $";Search Path={schema}");

    private static (string Root, int Port) Start()
    {
        if (Binaries.Value is null)
        {
            throw new InvalidOperationException($"PostgreSQL is required ({RequireVariable}=1) but pg_config / /usr/lib/postgresql/*/bin was not found: apt-get install -y postgresql");
        }

        var root = Path.Combine(Path.GetTempPath(), "nassharp-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        if (AsRoot)
        {
            RunTool("chown", "postgres", root);
        }

        var data = Path.Combine(root, "data");
        var port = FreePort();
        Run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
        Run("pg_ctl", "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -h 127.0.0.1 -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
        return (root, port);
    }

    private static void Run(string tool, params string[] arguments)
    {
        var path = Path.Combine(Binaries.Value!, tool);
        if (AsRoot)
        {
            RunTool("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            RunTool(path, arguments);
        }
    }

    private static void RunTool(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {output} {error.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinaries()
    {
        try
        {
            var start = new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var directory = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            if (process.ExitCode == 0 && File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                return directory;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No pg_config on the PATH: try the distribution's directory below.
        }

        const string debian = "/usr/lib/postgresql";
        return Directory.Exists(debian)
            ? Directory.GetDirectories(debian).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
    }
}
