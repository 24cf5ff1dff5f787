namespace NasSharp.Kernels;

/// <summary>
/// 1x1 stride-1 convolutions of small planes (fewer than <see cref="GemmMicroKernel.Columns"/> positions, like the
/// 4 x 4 planes of a ShuffleNetV2 network's last stage) as one matrix product over the whole batch. Per image, the
/// implicit GEMM would fill half (or less) of each 32-column panel; here the input is first transposed from
/// [N, Cin, P] to [Cin, N P] (one pass over a tensor that fits in the cache), so Y = W X, dX = W^T dY and
/// dW += dY X^T are each a single <see cref="Gemm"/> with N P columns (or N P terms), then transposed back.
/// The forward and input-gradient products run in fixed blocks of images, each block transposing, multiplying and
/// transposing back its own images on one core (a product's columns are independent, so this is the whole-batch
/// product bit for bit; the weight gradient, a sum over the images, stays one product). Every output element is one
/// fused multiply-add chain in a fixed order, so results do not depend on the thread count. Reached through
/// <see cref="Convolution"/>, which validates the buffers.
/// </summary>
internal static unsafe class PointwiseBatchedConvolution
{
    /// <summary>Columns (images x positions) a forward or input-gradient block multiplies at least.</summary>
    private const int BlockColumns = 128;

    /// <summary>Whether <see cref="Convolution"/> takes this path: ungrouped 1x1 stride-1 convolutions of planes narrower than a GEMM panel.</summary>
    public static bool Applies(Conv2dGeometry g) => g.IsPointwise && g.Groups == 1 && g.OutPlane < GemmMicroKernel.Columns;

    /// <summary>y = bias + W x: the bias starts each row of the product, as in the implicit GEMM.</summary>
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        var blocks = ImageBlocks(g);
        fixed (float* px = input, pw = weight, pb = bias, py = output)
        {
            KernelParallel.For(blocks, (G: g, X: (nint)px, W: (nint)pw, B: bias.IsEmpty ? 0 : (nint)pb, Y: (nint)py, Blocks: blocks), static (s, block) =>
            {
                var g = s.G;
                var (n0, n1) = (block * g.N / s.Blocks, (block + 1) * g.N / s.Blocks);
                var (images, columns) = (n1 - n0, (n1 - n0) * g.InPlane);
                var input = new ReadOnlySpan<float>((float*)s.X + ((long)n0 * g.Cin * g.InPlane), images * g.Cin * g.InPlane);
                var x = Transposed(images, g.Cin, g.InPlane, input, KernelScratch.Staging);
                var y = new Span<float>(KernelScratch.Get(KernelScratch.Panel, (long)g.Cout * columns), g.Cout * columns);
                for (var co = 0; co < g.Cout && s.B != 0; co++)
                {
                    y.Slice(co * columns, columns).Fill(((float*)s.B)[co]);
                }

                Gemm.Multiply(new GemmLayout(g.Cout, columns, g.Cin, Accumulate: s.B != 0), new ReadOnlySpan<float>((float*)s.W, g.WeightLength), x, y);
                SwapOuter(g.Cout, images, g.OutPlane, y, new Span<float>((float*)s.Y + ((long)n0 * g.Cout * g.OutPlane), images * g.Cout * g.OutPlane), accumulate: false);
            });
        }
    }

    /// <summary>dx (+)= W^T dY.</summary>
    public static void BackwardData(Conv2dGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight, Span<float> inputGrad, bool accumulate)
    {
        var blocks = ImageBlocks(g);
        fixed (float* pdy = outputGrad, pw = weight, pdx = inputGrad)
        {
            KernelParallel.For(blocks, (G: g, Dy: (nint)pdy, W: (nint)pw, Dx: (nint)pdx, Blocks: blocks, Accumulate: accumulate), static (s, block) =>
            {
                var g = s.G;
                var (n0, n1) = (block * g.N / s.Blocks, (block + 1) * g.N / s.Blocks);
                var (images, columns) = (n1 - n0, (n1 - n0) * g.OutPlane);
                var outputGrad = new ReadOnlySpan<float>((float*)s.Dy + ((long)n0 * g.Cout * g.OutPlane), images * g.Cout * g.OutPlane);
                var dy = Transposed(images, g.Cout, g.OutPlane, outputGrad, KernelScratch.Staging);
                var dx = new Span<float>(KernelScratch.Get(KernelScratch.Panel, (long)g.Cin * columns), g.Cin * columns);
                Gemm.Multiply(new GemmLayout(g.Cin, columns, g.Cout, TransposeA: true), new ReadOnlySpan<float>((float*)s.W, g.WeightLength), dy, dx);
                SwapOuter(g.Cin, images, g.InPlane, dx, new Span<float>((float*)s.Dx + ((long)n0 * g.Cin * g.InPlane), images * g.Cin * g.InPlane), s.Accumulate);
            });
        }
    }

    /// <summary>Fixed blocks of whole images of at least <see cref="BlockColumns"/> columns (not the thread count).</summary>
    private static int ImageBlocks(Conv2dGeometry g) =>
        Math.Max(1, g.N / Math.Max(1, (BlockColumns + g.OutPlane - 1) / g.OutPlane));

    /// <summary>dW += dY X^T, summed over every image and position in one product.</summary>
    public static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> weightGrad)
    {
        var x = TransposedInParallel(g.N, g.Cin, g.InPlane, input, KernelScratch.Staging);
        var dy = TransposedInParallel(g.N, g.Cout, g.OutPlane, outputGrad, KernelScratch.Panel);
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

    /// <summary><see cref="Transposed"/> with the target's channel rows split over the kernel threads (a copy: same bits).</summary>
    private static Span<float> TransposedInParallel(int n, int c, int p, ReadOnlySpan<float> source, int slot)
    {
        var length = n * c * p;
        var target = KernelScratch.Get(slot, length);
        var blocks = Math.Min(c, 8);
        fixed (float* ps = source)
        {
            KernelParallel.For(blocks, (S: (nint)ps, T: (nint)target, N: n, C: c, P: p, Blocks: blocks), static (s, block) =>
            {
                var (c0, c1) = (block * s.C / s.Blocks, (block + 1) * s.C / s.Blocks);
                for (var ch = c0; ch < c1; ch++)
                {
                    for (var image = 0; image < s.N; image++)
                    {
                        VectorLoops.Copy((float*)s.S + ((((long)image * s.C) + ch) * s.P), (float*)s.T + ((((long)ch * s.N) + image) * s.P), s.P);
                    }
                }
            });
        }

        return new Span<float>(target, length);
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
