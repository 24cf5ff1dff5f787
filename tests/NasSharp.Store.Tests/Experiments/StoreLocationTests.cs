using NasSharp.Store.Experiments;
using Npgsql;

namespace NasSharp.Store.Tests.Experiments;

public sealed class StoreLocationTests
{
    [Theory]
    [InlineData("runs/nas.db", "runs/nas.db")]
    [InlineData("sqlite:/data/my store", "/data/my store")]
    [InlineData("results.sqlite", "results.sqlite")]
    public void Parse_SqliteForms_GiveTheFilePath(string value, string path) =>
        Assert.Equal(new StoreLocation(StoreBackend.Sqlite, path), StoreLocation.Parse(value));

    [Fact]
    public void Parse_PostgresUri_BecomesAConnectionStringWithEveryPart()
    {
        var location = StoreLocation.Parse("postgresql://nas:s%40cret@db.example:6543/experiments?sslmode=require");
        var builder = new NpgsqlConnectionStringBuilder(location.Target);
        Assert.Equal(StoreBackend.PostgreSql, location.Backend);
        Assert.Equal(("db.example", 6543, "experiments", "nas", "s@cret", SslMode.Require), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode));
        Assert.DoesNotContain("cret", location.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ConnectionString_IsKeptForNpgsql()
    {
        var location = StoreLocation.Parse("Host=127.0.0.1;Database=nas;Username=me");
        Assert.Equal(StoreBackend.PostgreSql, location.Backend);
        Assert.Equal("postgresql://me@127.0.0.1:5432/nas", location.Display);
    }

    [Theory]
    [InlineData("nas", "'nas' is not a store")]
    [InlineData("postgresql://host-only", "names no database")]
    [InlineData("Host=h;Bogus=1", "is not a PostgreSQL connection string")]
    [InlineData("Host=h", "needs Host=... and Database=...")]
    [InlineData("postgresql://u:topsecret@h/db?nonsense=1", "unknown connection parameter 'nonsense'")]
    public void Parse_BadValue_OneLineNamingIt(string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => StoreLocation.Parse(value));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Resolve_NoOption_DefaultsToTheEmbeddedFile()
    {
        // The variable is only read when set; this test runs with it unset or set, and checks the option wins.
        Assert.Equal(new StoreLocation(StoreBackend.Sqlite, "given.db"), StoreLocation.Resolve("given.db"));
        var fallback = StoreLocation.Resolve(null);
        Assert.Equal(Environment.GetEnvironmentVariable(StoreLocation.EnvironmentVariable) is { Length: > 0 } env ? StoreLocation.Parse(env) : new StoreLocation(StoreBackend.Sqlite, "runs/nas.db"), fallback);
    }
}
