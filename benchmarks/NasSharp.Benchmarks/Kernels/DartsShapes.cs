namespace NasSharp.Benchmarks.Kernels;

/// <summary>
/// The stride-1 depthwise convolutions of the DARTS search network (Liu et al. 2019; C = 16, batch 64) that the
/// NAS-Bench-201 shapes do not cover: sep_conv_5x5 and dil_conv_3x3 / dil_conv_5x5 (dilation 2) on the first cells'
/// 16 ch 32 x 32 and the middle cells' 32 ch 16 x 16 (3x3 at those shapes is in <see cref="Nb201Shapes"/>); and the
/// network's depthwise convolutions on 28 x 28 images (16 ch 28 x 28, 32 ch 14 x 14, 64 ch 7 x 7: 3x3, 5x5, dilated;
/// and the reduction cells' stride-2 ones); and the 1x1 stride-2 convolutions of its factorized reductions on 28 x 28
/// images.
/// </summary>
public static class DartsShapes
{
    private static readonly (int Channels, int Side)[] Stages = [(16, 32), (32, 16)];

    /// <summary>Kernel 5 (dilation 1 and 2) and kernel 3 (dilation 2) at each stage.</summary>
    public static IEnumerable<ConvShape> Depthwise =>
        from stage in Stages
        from op in new[] { (Kernel: 5, Dilation: 1), (Kernel: 3, Dilation: 2), (Kernel: 5, Dilation: 2) }
        select new ConvShape(Nb201Shapes.Batch, stage.Channels, stage.Side, stage.Side, op.Kernel, Dilation: op.Dilation);

    /// <summary>The stride-1 depthwise convolutions on 28 x 28 images: kernel 3 and 5, dilation 1 and 2, at each stage.</summary>
    public static IEnumerable<ConvShape> FashionMnistDepthwise =>
        from stage in Nb201Shapes.FashionMnistStages
        from op in new[] { (Kernel: 3, Dilation: 1), (Kernel: 5, Dilation: 1), (Kernel: 3, Dilation: 2), (Kernel: 5, Dilation: 2) }
        select new ConvShape(Nb201Shapes.Batch, stage.Channels, stage.Side, stage.Side, op.Kernel, Dilation: op.Dilation);

    /// <summary>The stride-2 depthwise convolutions of the reduction cells on 28 x 28 images (32 ch 28 x 28 -> 14 x 14, 64 ch 14 x 14 -> 7 x 7): kernel 3 and 5, dilation 1 and 2.</summary>
    public static IEnumerable<ConvShape> FashionMnistDepthwiseStrided =>
        from stage in new[] { (Channels: 32, Side: 28), (Channels: 64, Side: 14) }
        from op in new[] { (Kernel: 3, Dilation: 1), (Kernel: 5, Dilation: 1), (Kernel: 3, Dilation: 2), (Kernel: 5, Dilation: 2) }
        select new ConvShape(Nb201Shapes.Batch, stage.Channels, stage.Side, stage.Side, op.Kernel, 2, Dilation: op.Dilation);

    /// <summary>
    /// The 1x1 stride-2 convolutions of the factorized reductions on 28 x 28 images, each to half the reduction's output
    /// channels: the reduction cells' skip edges (32 ch 28 x 28 -> 16, 64 ch 14 x 14 -> 32) and the cells after a
    /// reduction, whose first input is the cell before it (64 ch 28 x 28 -> 16, 128 ch 14 x 14 -> 32).
    /// </summary>
    public static IEnumerable<ConvShape> FashionMnistFactorizedReductions =>
        from reduction in new[] { (Channels: 32, Side: 28, Out: 16), (Channels: 64, Side: 28, Out: 16), (Channels: 64, Side: 14, Out: 32), (Channels: 128, Side: 14, Out: 32) }
        select new ConvShape(Nb201Shapes.Batch, reduction.Channels, reduction.Side, reduction.Side, 1, 2, reduction.Out);
}
