using System.Text.Json;
using NasSharp.Search.Models;
using NasSharp.Search.Training;
using NasSharp.Store;

namespace NasSharp.Cli.Tests;

/// <summary>One vocabulary in every output file: snake_case keys, <c>genotype</c>, enums by name, accuracy in percent.</summary>
public sealed class OutputVocabularyTests(SyntheticTable table) : IClassFixture<SyntheticTable>, IDisposable
{
    private readonly string runs = Path.Combine(Path.GetTempPath(), "nassharp-vocabulary-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(runs))
        {
            Directory.Delete(runs, recursive: true);
        }
    }

    [Fact]
    public void ModelCardJson_AndOutputJson_WriteTheSameVocabulary()
    {
        var value = new Sample(ModelSpace.Darts, DifferentiableMethod.DartsWarmup, "|a|+|b|", 93.3);
        Assert.Equal(OutputJson.Serialize(value), JsonSerializer.Serialize(value, ModelCardJson.Options));
        Assert.Equal("{\"space\":\"darts\",\"method\":\"darts-warmup\",\"genotype\":\"|a|+|b|\",\"test_accuracy\":93.3}", OutputJson.SerializeLine(value));
    }

    [Fact]
    public void OutputJson_FileOfAnOlderVersionWithCamelCaseKeysAndEnumNumbers_Reads()
    {
        var old = "{\"space\": \"darts\", \"method\": 1, \"genotype\": \"|a|\", \"testAccuracy\": 91.5}";
        var read = OutputJson.Deserialize<Sample>(old)!;
        Assert.Equal(new Sample(ModelSpace.Darts, (DifferentiableMethod)1, "|a|", 91.5), read);
    }

    [Fact]
    public void TableSearch_OptionsSummaryAndTrials_UseTheOneVocabulary()
    {
        CliRunner.Ok("search", "--table", table.Path, "--strategy", "reinforce", "--budget", "10", "--out", runs, "--name", "v");
        var dir = Path.Combine(runs, "v");
        foreach (var file in new[] { "options.json", "summary.json" })
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, file)));
            Assert.All(json.RootElement.EnumerateObject(), p => Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p.Name));
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.StartsWith("|", summary.RootElement.GetProperty("genotype").GetString(), StringComparison.Ordinal);
        Assert.Contains(",genotype,", File.ReadLines(Path.Combine(dir, "trials.csv")).First(), StringComparison.Ordinal);
    }

    private sealed record Sample(ModelSpace Space, DifferentiableMethod Method, string Genotype, double TestAccuracy);
}
