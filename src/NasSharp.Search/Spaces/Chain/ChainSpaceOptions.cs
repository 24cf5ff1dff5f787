namespace NasSharp.Search.Spaces.Chain;

/// <summary>
/// The chain space's skeleton (after SPOS's ShuffleNetV2 one-shot network, scaled down for CPUs): a 3x3 stem conv to
/// <see cref="StemChannels"/> + BN + ReLU; stages of <see cref="StageLayers"/> searchable blocks at
/// <see cref="StageChannels"/>, the first block of each stage with stride 2; a 1x1 conv to <see cref="LastChannels"/> +
/// BN + ReLU, global average pooling, linear. The paper's ImageNet network has 20 layers (4, 4, 8, 4) at
/// (64, 160, 320, 640) after a stride-2 stem; the default here is 6 layers (2, 2, 2) at (32, 64, 128): it trains on 2 cores.
/// </summary>
public sealed record ChainSpaceOptions
{
    public int StemChannels { get; init; } = 16;

    public IReadOnlyList<int> StageChannels { get; init; } = [32, 64, 128];

    public IReadOnlyList<int> StageLayers { get; init; } = [2, 2, 2];

    public int LastChannels { get; init; } = 256;

    public int Classes { get; init; } = 10;

    public int InputChannels { get; init; } = 3;

    /// <summary>Searchable layers in all.</summary>
    public int Layers => StageLayers.Sum();

    /// <summary>(input channels, output channels, stride) of every searchable layer, in order.</summary>
    public IEnumerable<(int In, int Out, int Stride)> LayerShapes()
    {
        var channels = StemChannels;
        for (var s = 0; s < StageChannels.Count; s++)
        {
            for (var l = 0; l < StageLayers[s]; l++)
            {
                yield return (channels, StageChannels[s], l == 0 ? 2 : 1);
                channels = StageChannels[s];
            }
        }
    }

    /// <summary>Value equality, the lists by their elements (a record compares them by reference), so options read back from a file equal those written.</summary>
    public bool Equals(ChainSpaceOptions? other) =>
        other is not null && StemChannels == other.StemChannels && StageChannels.SequenceEqual(other.StageChannels) && StageLayers.SequenceEqual(other.StageLayers)
        && LastChannels == other.LastChannels && Classes == other.Classes && InputChannels == other.InputChannels;

    public override int GetHashCode() => HashCode.Combine(StemChannels, string.Join(',', StageChannels), string.Join(',', StageLayers), LastChannels, Classes, InputChannels);

    /// <summary>Throws naming the bad value.</summary>
    public void Validate()
    {
        if (StemChannels <= 0 || StageChannels.Count == 0 || StageChannels.Count != StageLayers.Count || StageLayers.Any(l => l <= 0)
            || StageChannels.Any(c => c <= 0 || c % 4 != 0) || LastChannels <= 0 || Classes < 2 || InputChannels <= 0)
        {
            throw new ArgumentException($"Chain space: stem {StemChannels}, stage channels [{string.Join(", ", StageChannels)}] (each a positive multiple of 4), stage layers [{string.Join(", ", StageLayers)}] (one positive count per stage), last {LastChannels}, classes {Classes}, input channels {InputChannels}.");
        }

        if (LayerShapes().Any(s => s.Out <= s.In && s.Stride == 2))
        {
            throw new ArgumentException($"Chain space: every stage must widen the previous one (a stride-2 block concatenates its input with a new branch); got stem {StemChannels}, stages [{string.Join(", ", StageChannels)}].");
        }
    }
}
