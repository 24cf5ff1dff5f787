using NasSharp.NN.Layers;

namespace NasSharp.Search.Supernets;

/// <summary>
/// The NAS-Bench-201 skeleton (Dong &amp; Yang 2020): a 3x3 stem conv to <see cref="Channels"/> + BN, three
/// stages of <see cref="CellsPerStage"/> cells at C, 2C, 4C with a residual reduction block between stages,
/// then BN, ReLU, global average pooling and a linear classifier. C = 16, N = 5 in the benchmark.
/// </summary>
public sealed record Nb201SupernetOptions(
    int Channels = 16,
    int CellsPerStage = 5,
    int Classes = 10,
    int InputChannels = 3)
{
    /// <summary>
    /// Batch norm inside the cells. The benchmark's weight-sharing supernets use batch statistics with no
    /// affine parameters (the default here); stand-alone networks use ordinary batch norm.
    /// </summary>
    public BatchNormOptions CellBatchNorm { get; init; } = BatchNormOptions.BatchStatistics;

    /// <summary>Throws naming the bad value when a size is not positive.</summary>
    public void Validate()
    {
        if (Channels <= 0 || CellsPerStage <= 0 || Classes <= 1 || InputChannels <= 0)
        {
            throw new ArgumentException($"NAS-Bench-201 skeleton: channels ({Channels}), cells per stage ({CellsPerStage}), input channels ({InputChannels}) must be positive and classes ({Classes}) at least 2.");
        }
    }
}
