using NasSharp.Store;

namespace NasSharp.Store.Tests;

public sealed class RunDirectoryTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "nassharp-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record Options(string Strategy, int Budget, double? TimeBudget);

    [Fact]
    public void Create_WithName_CreatesRootAndNamedDirectory()
    {
        var run = RunDirectory.Create(root, "rea-cifar10");
        Assert.True(Directory.Exists(run.Path));
        Assert.Equal("rea-cifar10", Path.GetFileName(run.Path));
    }

    [Fact]
    public void Create_WithoutName_UsesUtcTimestamp()
    {
        var run = RunDirectory.Create(root, now: new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)));
        Assert.Equal("20250304-030607", Path.GetFileName(run.Path));
    }

    [Fact]
    public void Create_ExistingNameWithSuffixIfTaken_AddsSuffixInsteadOfOverwriting()
    {
        var first = RunDirectory.Create(root, "run");
        first.WriteJson("summary.json", new Options("rea", 150, null));
        var second = RunDirectory.Create(root, "run", suffixIfTaken: true);
        var third = RunDirectory.Create(root, "run", suffixIfTaken: true);
        Assert.Equal("run-2", Path.GetFileName(second.Path));
        Assert.Equal("run-3", Path.GetFileName(third.Path));
        Assert.True(File.Exists(first.FilePath("summary.json")));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    public void Create_BadName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => RunDirectory.Create(root, name));

    [Fact]
    public void WriteJson_RoundTripsSnakeCaseAndKeepsArchitectureStringsReadable()
    {
        var run = RunDirectory.Create(root, "json");
        var options = new Options("|nor_conv_3x3~0|+|none~0|", 150, 12000.5);
        var file = run.WriteJson("options.json", options);
        var text = File.ReadAllText(file);
        Assert.Contains("\"strategy\": \"|nor_conv_3x3~0|+|none~0|\"", text);
        Assert.Contains("\"time_budget\": 12000.5", text);
        Assert.Equal(options, run.ReadJson<Options>("options.json"));
    }

    [Fact]
    public void ReadJson_FileOfAnOlderVersionWithCamelCaseKeys_Reads()
    {
        var run = RunDirectory.Create(root, "old");
        File.WriteAllText(run.FilePath("options.json"), "{\"strategy\": \"rea\", \"budget\": 150, \"timeBudget\": 12000.5}");
        Assert.Equal(new Options("rea", 150, 12000.5), run.ReadJson<Options>("options.json"));
    }

    [Fact]
    public void FilePath_NameWithDirectory_Throws()
    {
        var run = RunDirectory.Create(root, "paths");
        Assert.Throws<ArgumentException>(() => run.FilePath("../escape.json"));
    }
}
