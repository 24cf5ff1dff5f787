namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// The tensor shapes of a NAS-Bench-201 training step (Dong and Yang 2020): batch 64, C = 16 / 32 / 64
/// channels at 32x32 / 16x16 / 8x8, 3x3 and 1x1 convolutions, stride 1, "same" padding; and the same network on
/// 28 x 28 images (the Fashion-MNIST experiments): 28 x 28 / 14 x 14 / 7 x 7.
/// </summary>
public static class Nb201Shapes
{
    public const int Batch = 64;

    private static readonly int[] KernelSizes = [3, 1];

    /// <summary>(channels, side) of the three stages.</summary>
    public static IReadOnlyList<(int Channels, int Side)> Stages { get; } = [(16, 32), (32, 16), (64, 8)];

    /// <summary>(channels, side) of the three stages on 28 x 28 images.</summary>
    public static IReadOnlyList<(int Channels, int Side)> FashionMnistStages { get; } = [(16, 28), (32, 14), (64, 7)];

    /// <summary>The 3x3 convolution of every stage on 28 x 28 images, and the stride-2 ones of its reduction blocks (28 -> 14, 14 -> 7).</summary>
    public static IEnumerable<ConvShape> FashionMnistConvolutions3x3 =>
        FashionMnistStages.Select(stage => new ConvShape(Batch, stage.Channels, stage.Side, stage.Side, 3))
            .Concat(FashionMnistStages.Take(2).Select(stage => new ConvShape(Batch, stage.Channels, stage.Side, stage.Side, 3, 2, 2 * stage.Channels)));

    /// <summary>The 1x1 convolution of every stage on 28 x 28 images (NAS-Bench-201's; the DARTS network's separable and dilated convolutions end in the same ones).</summary>
    public static IEnumerable<ConvShape> FashionMnistConvolutions1x1 =>
        FashionMnistStages.Select(stage => new ConvShape(Batch, stage.Channels, stage.Side, stage.Side, 1));

    /// <summary>The 3x3 and the 1x1 convolution of every stage.</summary>
    public static IEnumerable<ConvShape> Convolutions =>
        from kernel in KernelSizes
        from stage in Stages
        select new ConvShape(Batch, stage.Channels, stage.Side, stage.Side, kernel);

    /// <summary>The stride-2 3x3 convolutions C -> 2C that open the two reduction blocks (32x32 -> 16x16, 16x16 -> 8x8).</summary>
    public static IEnumerable<ConvShape> Reductions =>
        from stage in Stages.Take(2)
        select new ConvShape(Batch, stage.Channels, stage.Side, stage.Side, 3, 2, 2 * stage.Channels);

    /// <summary>The 3x3 convolution of every stage (depthwise benchmarks).</summary>
    public static IEnumerable<ConvShape> Convolutions3x3 => Convolutions.Where(s => s.Kernel == 3);
}
