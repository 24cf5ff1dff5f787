namespace NasSharp.Kernels;

/// <summary>
/// Ungrouped 1x1 convolutions at a stride above 1 without padding (DARTS's factorized reductions, Liu et al. 2019: two
/// 1x1 stride-2 convolutions per reduction) as the stride-1 1x1 convolution of the subsampled input x[:, :, ::S, ::S],
/// which is exactly their im2col matrix. The strided path gathered that matrix a float at a time for every column panel
/// and folded the input gradient back through col2im per image (11-34 GFLOP/s on one thread); the stride-1 paths read
/// the subsample in place. The arithmetic is the strided path's: each output is one fused multiply-add chain over the
/// input channels from the bias (forward); each sampled input position gets W^T dY (one chain over the output channels,
/// from zero) added once, every other position keeping its bits (input gradient, as col2im adds it); and the weight
/// gradient's summation order depends only on the batch, the output plane and the channels
/// (<c>ConvolutionWeightGradientScheduleTests</c>), so it runs on the subsample with the same schedule. Same bits.
/// Reached through <see cref="Convolution"/>, which validates the buffers.
/// </summary>
internal static unsafe class PointwiseStridedConvolution
{
    /// <summary>Whether <see cref="Convolution"/> takes this path: ungrouped 1x1, stride above 1, no padding.</summary>
    public static bool Applies(Conv2dGeometry g) => g.KH == 1 && g.KW == 1 && g.Stride > 1 && g.Padding == 0 && g.Groups == 1;

    /// <summary>y = bias + W x[:, :, ::S, ::S].</summary>
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        var subsampled = Subsampled(g);
        Convolution.Forward(subsampled, Subsample(g, input), weight, bias, output);
    }

    /// <summary>dx[:, :, ::S, ::S] += W^T dY (dx cleared first without <paramref name="accumulate"/>); the other positions are left as they are.</summary>
    public static void BackwardData(Conv2dGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight, Span<float> inputGrad, bool accumulate)
    {
        var subsampled = Subsampled(g);
        var gradient = new Span<float>(KernelScratch.Get(KernelScratch.Subsample, subsampled.InputLength), subsampled.InputLength);
        Convolution.BackwardData(subsampled, outputGrad, weight, gradient, accumulate: false);
        fixed (float* pg = gradient, pdx = inputGrad)
        {
            KernelParallel.For(g.N * g.Cin, (G: g, Gradient: (nint)pg, Dx: (nint)pdx, Accumulate: accumulate), static (s, plane) =>
            {
                var g = s.G;
                var target = new Span<float>((float*)s.Dx + ((long)plane * g.InPlane), g.InPlane);
                if (!s.Accumulate)
                {
                    target.Clear();
                }

                var source = (float*)s.Gradient + ((long)plane * g.OutPlane);
                for (var oh = 0; oh < g.OutH; oh++)
                {
                    Im2Col.AddTaps(new ReadOnlySpan<float>(source + ((long)oh * g.OutW), g.OutW), target.Slice(oh * g.Stride * g.W, g.W), g.Stride, 0, 0, g.OutW);
                }
            });
        }
    }

    /// <summary>dW += dY x[:, :, ::S, ::S]^T and biasGrad (null to skip) += the sum of dY, on <see cref="ConvolutionWeightGradient"/>'s schedule.</summary>
    public static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> input, float* outputGrad, float* weightGrad, float* biasGrad)
    {
        var subsample = Subsample(g, input);
        fixed (float* px = subsample)
        {
            ConvolutionWeightGradient.Accumulate(Subsampled(g), px, outputGrad, weightGrad, biasGrad);
        }
    }

    /// <summary>The stride-1 1x1 convolution of the subsampled input: its planes are the output's size.</summary>
    private static Conv2dGeometry Subsampled(Conv2dGeometry g) => new(g.N, g.Cin, g.OutH, g.OutW, g.Cout, 1, 1, 1, 0, 1, 1);

    /// <summary>x[:, :, ::S, ::S] in the calling thread's <see cref="KernelScratch.Subsample"/> slot, plane by plane on the workers.</summary>
    private static ReadOnlySpan<float> Subsample(Conv2dGeometry g, ReadOnlySpan<float> input)
    {
        var length = g.N * g.Cin * g.OutPlane;
        var subsample = KernelScratch.Get(KernelScratch.Subsample, length);
        fixed (float* px = input)
        {
            KernelParallel.For(g.N * g.Cin, (G: g, X: (nint)px, Target: (nint)subsample), static (s, plane) =>
            {
                var g = s.G;
                var source = new ReadOnlySpan<float>((float*)s.X + ((long)plane * g.InPlane), g.InPlane);
                var target = (float*)s.Target + ((long)plane * g.OutPlane);
                // Rows that are not whole vectors (28 and 14 wide, the 28 x 28 network's reductions) ask for the next
                // plane's lines first: from memory the forward from 28 x 28 planes ran 2.9x faster with it (session 34,
                // one thread, `--cold 256`; from 14 x 14 0.94-1.26x). Changes no value.
                if (g.W % 16 != 0 && plane + 1 < g.N * g.Cin)
                {
                    PlanePrefetch.Planes((float*)s.X + ((long)(plane + 1) * g.InPlane), 0, 1, g.InPlane);
                }

                for (var oh = 0; oh < g.OutH; oh++)
                {
                    Im2Col.CopyTaps(source.Slice(oh * g.Stride * g.W, g.W), new Span<float>(target + ((long)oh * g.OutW), g.OutW), g.Stride, 0, 0, g.OutW);
                }
            });
        }

        return new ReadOnlySpan<float>(subsample, length);
    }
}
