namespace NasSharp.NN.Layers;

/// <summary>
/// How a <see cref="BatchNorm2d"/> behaves. <see cref="Affine"/>: learn a per-channel scale and shift.
/// <see cref="TrackRunningStatistics"/>: keep running mean/variance for evaluation; without them the layer
/// normalises with the batch's statistics in both modes (what NAS-Bench-201's weight-sharing supernets do).
/// </summary>
public sealed record BatchNormOptions(bool Affine = true, bool TrackRunningStatistics = true, float Momentum = 0.1f, float Epsilon = 1e-5f)
{
    /// <summary>PyTorch's defaults: affine, running statistics, momentum 0.1, epsilon 1e-5.</summary>
    public static BatchNormOptions Default { get; } = new();

    /// <summary>No affine parameters, no running statistics: always batch statistics (NB201 supernets).</summary>
    public static BatchNormOptions BatchStatistics { get; } = new(Affine: false, TrackRunningStatistics: false);

    /// <summary>No affine parameters but running statistics (the DARTS search network's batch norms).</summary>
    public static BatchNormOptions NonAffine { get; } = new(Affine: false);
}
