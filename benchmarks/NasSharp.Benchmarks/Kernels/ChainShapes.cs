namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// The depthwise shapes of the chain space's default skeleton (ShuffleNetV2 blocks as SPOS and DSNAS search
/// them; ChainSpaceOptions: 32 x 32 input, stages 32 / 64 / 128 channels, branch width half the stage): batch 64,
/// C = 16 / 32 / 64 at 16x16 / 8x8 / 4x4, kernels 3, 5 and 7; the first block of each stage downsamples with stride-2
/// depthwise convolutions of the same channels from 32x32 / 16x16 / 8x8.
/// </summary>
public static class ChainShapes
{
    private static readonly (int Channels, int Side)[] Stages = [(16, 16), (32, 8), (64, 4)];

    private static readonly int[] Kernels = [3, 5, 7];

    /// <summary>Every stage with every kernel of the block choices.</summary>
    public static IEnumerable<ConvShape> Depthwise =>
        from kernel in Kernels
        from stage in Stages
        select new ConvShape(Nb201Shapes.Batch, stage.Channels, stage.Side, stage.Side, kernel);

    /// <summary>The stride-2 depthwise convolutions of each stage's first block, every kernel.</summary>
    public static IEnumerable<ConvShape> DepthwiseStrided =>
        from kernel in Kernels
        from stage in Stages
        select new ConvShape(Nb201Shapes.Batch, stage.Channels, 2 * stage.Side, 2 * stage.Side, kernel, 2);

    /// <summary>The 1x1 convolutions of each stage's branches (C -> C at 16x16 / 8x8 / 4x4).</summary>
    public static IEnumerable<ConvShape> Pointwise =>
        from stage in Stages
        select new ConvShape(Nb201Shapes.Batch, stage.Channels, stage.Side, stage.Side, 1);

    /// <summary>The planes of every stage (batch norm and pooling take the kernel size from nothing).</summary>
    public static IEnumerable<ConvShape> Planes => Depthwise.Where(s => s.Kernel == 3);
}
