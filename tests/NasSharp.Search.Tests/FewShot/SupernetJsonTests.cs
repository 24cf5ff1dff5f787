using System.Text.Json.Nodes;
using NasSharp.Search.FewShot;
using NasSharp.Search.Training;

namespace NasSharp.Search.Tests.FewShot;

public sealed class SupernetJsonTests
{
    [Fact]
    public void Manifest_WrittenWithSnakeCaseKeysAndEnumNames()
    {
        using var tiny = new TinyFewShot(sampling: SupernetSampling.PathDropout);
        var directory = tiny.Create();
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(directory.Path, SupernetDirectory.ManifestFile)))!.AsObject();
        Assert.True(json.ContainsKey("cells_per_stage"));
        Assert.True(json.ContainsKey("input_channels"));
        Assert.False(json.ContainsKey("cellsPerStage"));
        Assert.Equal("path-dropout", json["training"]!["sampling"]!.GetValue<string>());
    }

    [Fact]
    public void Manifest_OfAnOlderVersionWithCamelCaseKeys_OpensWithTheSameSettings()
    {
        using var tiny = new TinyFewShot(sampling: SupernetSampling.PathDropout);
        var directory = tiny.Create();
        var file = Path.Combine(directory.Path, SupernetDirectory.ManifestFile);
        File.WriteAllText(file, CamelCase(JsonNode.Parse(File.ReadAllText(file)))!.ToJsonString());
        Assert.Contains("\"cellsPerStage\"", File.ReadAllText(file), StringComparison.Ordinal);

        var reopened = SupernetDirectory.Open(directory.Path).Manifest;
        Assert.Equal(tiny.Manifest.CellsPerStage, reopened.CellsPerStage);
        Assert.Equal(tiny.Manifest.InputChannels, reopened.InputChannels);
        Assert.Equal(tiny.Manifest.Data, reopened.Data);
        Assert.Equal(SupernetSampling.PathDropout, reopened.Training.Sampling);
        Assert.Equal(tiny.Manifest.Training.MaxDropRate, reopened.Training.MaxDropRate);
    }

    // What SupernetJson wrote before the one vocabulary: camelCase keys (values unchanged).
    private static JsonNode? CamelCase(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(Pascal(p.Key)), CamelCase(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(CamelCase)]),
        null => null,
        _ => node.DeepClone(),
    };

    private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
}
