using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasSharp.Cli;

/// <summary>
/// The payload of a <c>supernet-split</c> unit: which sub-supernet of which supernet directory to train and for how
/// many epochs. The unit's genotype column holds the sub-supernet's path (<c>3</c>, <c>3.1</c>). Everything else
/// (data, skeleton, recipe, seed) comes from the directory itself (its manifest and the parent's saved weights; the
/// seed derives from the sub-supernet's path), so any worker that reaches the directory trains it exactly as
/// <c>nas supernet split</c> would in-process.
/// </summary>
internal sealed record SupernetSplitUnit
{
    /// <summary>The unit kind in the store.</summary>
    public const string Kind = "supernet-split";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>
    /// Full path of the supernet directory. Every worker must reach it under this path: a shared file system mounted
    /// at the same place on every machine, since the artifacts are written there.
    /// </summary>
    [JsonPropertyName("dir")]
    public required string Directory { get; init; }

    /// <summary>The parent's path: <c>oneshot</c> or a sub-supernet's (<c>3</c>) when splitting further.</summary>
    public required string Parent { get; init; }

    public required int Edge { get; init; }

    /// <summary>Index K of the sub-supernet: the split edge keeps its K-th operation.</summary>
    public required int Split { get; init; }

    public required int Epochs { get; init; }

    /// <summary>The enqueuing command's --data (full path), or null; a worker's --data wins, the manifest's comes after.</summary>
    public string? Data { get; init; }

    public static SupernetSplitUnit Parse(string json) =>
        JsonSerializer.Deserialize<SupernetSplitUnit>(json, Json) ?? throw new InvalidDataException($"{Kind} unit payload is empty: {json}");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The settings every unit of one study shares (what a rerun must repeat): directory, parent, edge, epochs.</summary>
    public string StudyOptionsJson() =>
        JsonSerializer.Serialize(new { dir = Directory, parent = Parent, edge = Edge, epochs = Epochs }, Json);
}
