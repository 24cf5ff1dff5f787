namespace NasSharp.Kernels;

/// <summary>
/// 1x1 stride-1 convolutions of small planes (fewer than <see cref="GemmMicroKernel.Columns"/> positions, like the
/// 4 x 4 planes of a ShuffleNetV2 network's last stage) as one matrix product over the whole batch. Per image, the
/// implicit GEMM would fill half (or less) of each 32-column panel; here the input is first transposed from
/// [N, Cin, P] to [Cin, N P] (one pass over a tensor that fits in the cache), so Y = W X, dX = W^T dY and
/// dW += dY X^T are each a single <see cref="Gemm"/> with N P columns (or N P terms), then transposed back.
/// Every output element is one fused multiply-add chain in a fixed order, so results do not depend on the thread
/// count. Reached through <see cref="Convolution"/>, which validates the buffers.
/// </summary>
internal static unsafe class PointwiseBatchedConvolution
{
    /// <summary>Whether <see cref="Convolution"/> takes this path: ungrouped 1x1 stride-1 convolutions of planes narrower than a GEMM panel.</summary>
    public static bool Applies(Conv2dGeometry g) => g.IsPointwise && g.Groups == 1 && g.OutPlane < GemmMicroKernel.Columns;

    /// <summary>y = bias + W x: the bias starts each row of the product, as in the implicit GEMM.</summary>
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        var columns = g.N * g.InPlane;
        var x = Transposed(g.N, g.Cin, g.InPlane, input, KernelScratch.Staging);
        var y = new Span<float>(KernelScratch.Get(KernelScratch.Panel, (long)g.Cout * columns), g.Cout * columns);
        for (var co = 0; co < g.Cout && !bias.IsEmpty; co++)
        {
            y.Slice(co * columns, columns).Fill(bias[co]);
        }

        Gemm.Multiply(new GemmLayout(g.Cout, columns, g.Cin, Accumulate: !bias.IsEmpty), weight, x, y);
        SwapOuter(g.Cout, g.N, g.OutPlane, y, output, accumulate: false);
    }

    /// <summary>dx (+)= W^T dY.</summary>
    public static void BackwardData(Conv2dGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight, Span<float> inputGrad, bool accumulate)
    {
        var columns = g.N * g.OutPlane;
        var dy = Transposed(g.N, g.Cout, g.OutPlane, outputGrad, KernelScratch.Staging);
        var dx = new Span<float>(KernelScratch.Get(KernelScratch.Panel, (long)g.Cin * columns), g.Cin * columns);
        Gemm.Multiply(new GemmLayout(g.Cin, columns, g.Cout, TransposeA: true), weight, dy, dx);
        SwapOuter(g.Cin, g.N, g.InPlane, dx, inputGrad, accumulate);
    }

    /// <summary>dW += dY X^T, summed over every image and position in one product.</summary>
    public static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> weightGrad)
    {
        var x = Transposed(g.N, g.Cin, g.InPlane, input, KernelScratch.Staging);
        var dy = Transposed(g.N, g.Cout, g.OutPlane, outputGrad, KernelScratch.Panel);
        Gemm.Multiply(new GemmLayout(g.Cout, g.Cin, g.N * g.OutPlane, TransposeB: true, Accumulate: true), dy, x, weightGrad);
    }

    /// <summary>[N, C, P] as [C, N P] in the calling thread's scratch <paramref name="slot"/> (Gemm uses only its own slots).</summary>
    private static Span<float> Transposed(int n, int c, int p, ReadOnlySpan<float> source, int slot)
    {
        var length = n * c * p;
        var target = new Span<float>(KernelScratch.Get(slot, length), length);
        SwapOuter(n, c, p, source, target, accumulate: false);
        return target;
    }

    /// <summary>
    /// target[b, a, :] (+)= source[a, b, :] for a &lt; <paramref name="outer"/>, b &lt; <paramref name="inner"/>, rows of
    /// <paramref name="row"/> floats: a plain loop of short row copies (a general <see cref="Permutation"/> spends more
    /// on index arithmetic than on a 16-float row).
    /// </summary>
    private static void SwapOuter(int outer, int inner, int row, ReadOnlySpan<float> source, Span<float> target, bool accumulate)
    {
        fixed (float* ps = source, pt = target)
        {
            // Target rows in order (sequential writes); the source is read with a stride of one [inner, row] block.
            for (var b = 0; b < inner; b++)
            {
                for (var a = 0; a < outer; a++)
                {
                    var from = ps + ((((long)a * inner) + b) * row);
                    var to = pt + ((((long)b * outer) + a) * row);
                    if (accumulate)
                    {
                        DepthwiseTaps.AddInto(from, to, row);
                    }
                    else
                    {
                        VectorLoops.Copy(from, to, row);
                    }
                }
            }
        }
    }
}
