using System.Text.Json;
using System.Text.Json.Serialization;
using NasSharp.Search.FewShot;
using NasSharp.Search.Pipelines;
using NasSharp.Search.Spaces.Chain;

namespace NasSharp.Cli;

/// <summary>
/// The payload of a <c>groundtruth</c> unit (a NAS-Bench-201 or chain architecture): everything but the architecture that stand-alone training needs, so any
/// worker trains it exactly as <c>nas groundtruth</c> would in-process. The training seed is <see cref="Seed"/>, the
/// same for every architecture of a ground truth (as before units existed), so a result depends only on the unit.
/// </summary>
internal sealed record GroundTruthUnit
{
    /// <summary>The unit kind in the store.</summary>
    public const string Kind = "groundtruth";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public required string Dataset { get; init; }

    /// <summary>The enqueuing machine's data directory (null for built-in data); a worker's --data or $NASSHARP_DATA wins.</summary>
    public string? Data { get; init; }

    public required int TrainImages { get; init; }

    public required int ValidImages { get; init; }

    public required int TestImages { get; init; }

    public required int BatchSize { get; init; }

    public required int Channels { get; init; }

    public required int Cells { get; init; }

    public required int Epochs { get; init; }

    [JsonPropertyName("lr")]
    public required float LearningRate { get; init; }

    public required int Seed { get; init; }

    /// <summary>The space of the architectures; null (and not written, so older units and studies read the same) for NAS-Bench-201.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SearchSpaceKind? Space { get; init; }

    /// <summary>The chain skeleton every architecture is built with (<see cref="Space"/> chain; <see cref="Channels"/> and <see cref="Cells"/> are then 0).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChainSpaceOptions? Chain { get; init; }

    /// <summary>The data options, which also key the worker's data cache.</summary>
    [JsonIgnore]
    public FewShotDataOptions DataOptions => new() { TrainImages = TrainImages, ValidationImages = ValidImages, TestImages = TestImages, BatchSize = BatchSize, Seed = Seed };

    public static GroundTruthUnit Parse(string json) =>
        JsonSerializer.Deserialize<GroundTruthUnit>(json, Json) ?? throw new InvalidDataException($"groundtruth unit payload is empty: {json}");

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
