using System.Text.Json.Serialization;
using NasSharp.Search.Spaces.Chain;
using NasSharp.Search.Supernets;
using NasSharp.Search.Training;

namespace NasSharp.Search.FewShot;

/// <summary>
/// <c>DIR/supernet.json</c>: what every process working on a supernet directory must agree on: the space, the
/// dataset and which of its images are used, the skeleton, and the one-shot training recipe. Sub-supernets
/// record their own recipe (epochs, seed) in their <c>state.json</c>.
/// </summary>
public sealed record SupernetManifest
{
    /// <summary>
    /// The search space: <c>nb201</c> or <c>chain</c> (<see cref="SupernetSpace"/>). Directories written before the
    /// chain space could be held have no such key and read as <c>nb201</c>.
    /// </summary>
    public string Space { get; init; } = "nb201";

    /// <summary>Catalog name of the dataset (e.g. <c>synthetic</c>, <c>fashion-mnist</c>); files come from <c>--data</c>.</summary>
    public required string Dataset { get; init; }

    /// <summary>
    /// Full path of the data directory the dataset was read from when the directory was created; null for the built-in
    /// synthetic data. Later commands on the directory (split, resume, search, rank) read from it unless given
    /// <c>--data</c>, so they need not repeat it.
    /// </summary>
    public string? DataDirectory { get; init; }

    public required FewShotDataOptions Data { get; init; }

    /// <summary>NAS-Bench-201 skeleton width and depth (0 for the chain space, whose skeleton is <see cref="Chain"/>); classes and input channels follow the dataset.</summary>
    public required int Channels { get; init; }

    public required int CellsPerStage { get; init; }

    public required int Classes { get; init; }

    public required int InputChannels { get; init; }

    /// <summary>The one-shot supernet's recipe.</summary>
    public required SupernetTrainingOptions Training { get; init; }

    /// <summary>The chain space's skeleton, written in full so the directory does not depend on later defaults; null (and not written) for nb201.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChainSpaceOptions? Chain { get; init; }

    /// <summary>The NAS-Bench-201 skeleton of every supernet in the directory (cells with batch-statistics batch norm).</summary>
    [JsonIgnore]
    public Nb201SupernetOptions Skeleton => new(Channels, CellsPerStage, Classes, InputChannels);
}
