namespace NasSharp.Search.Models;

/// <summary>
/// The sizes a saved model's network was built with (model.json's "network"). Which fields apply depends on the
/// space: NB201 <see cref="Channels"/> and <see cref="Cells"/> per stage; DARTS <see cref="Channels"/>,
/// <see cref="Layers"/> and <see cref="Auxiliary"/>; chain <see cref="StemChannels"/>, <see cref="StageChannels"/>,
/// <see cref="StageLayers"/>, <see cref="LastChannels"/>. The others stay null and are not written.
/// </summary>
public sealed record ModelNetworkOptions
{
    public int? Channels { get; init; }

    public int? Cells { get; init; }

    public int? Layers { get; init; }

    public bool? Auxiliary { get; init; }

    public int? StemChannels { get; init; }

    public IReadOnlyList<int>? StageChannels { get; init; }

    public IReadOnlyList<int>? StageLayers { get; init; }

    public int? LastChannels { get; init; }
}
