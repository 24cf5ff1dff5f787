using System.Buffers;
using System.Numerics.Tensors;

namespace NasSharp.Kernels;

/// <summary>
/// 2-d convolution (cross-correlation, as deep-learning frameworks define it) over NCHW images: the
/// forward pass, the gradient of the input ("backward-data") and the gradients of weight and bias
/// ("backward-weight"), lowered per image and group to <see cref="Im2Col"/> + <see cref="Gemm"/>.
/// A 1x1 stride-1 unpadded convolution skips im2col (the input planes already are the column matrix);
/// geometries with one input channel per group go to the direct <see cref="DepthwiseConvolution"/>.
/// Work runs over fixed blocks (one image each; fixed image chunks with their own partial sums for the
/// weight gradient, added in chunk order), each with scratch from <see cref="ArrayPool{T}"/>, so results
/// are bitwise identical for any <see cref="KernelParallel.ThreadCount"/>. Backward methods accumulate.
/// </summary>
public static unsafe class Convolution
{
    /// <summary>
    /// The weight gradient adds per-image products into at most this many partial buffers. Fixed (not
    /// the thread count), so the summation order, and hence every bit of the result, never depends on threads.
    /// </summary>
    private const int MaxWeightPartials = 8;

    /// <summary>
    /// Effectively computes y[n, co, oh, ow] = bias[co] + sum_{c, kh, kw} w[co, c, kh, kw]
    /// x[n, group(co) InPerGroup + c, oh S + kh D - P, ow S + kw D - P]; <paramref name="bias"/> is [Cout] or empty.
    /// </summary>
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        g.Validate(input.Length, weight.Length, bias.Length, output.Length);
        if (g.IsDepthwise)
        {
            DepthwiseConvolution.Forward(g, input, weight, bias, output);
            return;
        }

        fixed (float* px = input, pw = weight, pb = bias, py = output)
        {
            var (x, w, b, y) = ((nint)px, (nint)pw, (nint)pb, (nint)py);
            var biasLength = bias.Length;
            var inImage = g.Cin * g.InPlane;
            var outImage = g.Cout * g.OutPlane;
            KernelParallel.For(g.N, n => ForwardImage(g, At(x, n * inImage, inImage), At(w, 0, g.WeightLength), At(b, 0, biasLength), At(y, n * outImage, outImage)));
        }
    }

    /// <summary>inputGrad += d(loss)/d(input) given outputGrad = d(loss)/d(output): the transposed convolution of outputGrad with the weight.</summary>
    public static void BackwardData(Conv2dGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight, Span<float> inputGrad)
    {
        g.Validate(inputGrad.Length, weight.Length, 0, outputGrad.Length);
        if (g.IsDepthwise)
        {
            DepthwiseConvolution.BackwardData(g, outputGrad, weight, inputGrad);
            return;
        }

        // W_g^T is the left operand for every image: transpose each group's [OutPerGroup, ColumnRows] block once.
        var transposed = ArrayPool<float>.Shared.Rent(g.WeightLength);
        try
        {
            var groupWeight = g.OutPerGroup * g.ColumnRows;
            for (var group = 0; group < g.Groups; group++)
            {
                Gemm.Transpose(weight.Slice(group * groupWeight, groupWeight), transposed.AsSpan(group * groupWeight, groupWeight), g.OutPerGroup, g.ColumnRows);
            }

            fixed (float* pdy = outputGrad, pwt = transposed, pdx = inputGrad)
            {
                var (dy, wt, dx) = ((nint)pdy, (nint)pwt, (nint)pdx);
                var inImage = g.Cin * g.InPlane;
                var outImage = g.Cout * g.OutPlane;
                KernelParallel.For(g.N, n => BackwardDataImage(g, At(dy, n * outImage, outImage), At(wt, 0, g.WeightLength), At(dx, n * inImage, inImage)));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(transposed);
        }
    }

    /// <summary>
    /// weightGrad += d(loss)/d(weight) and biasGrad += d(loss)/d(bias) given outputGrad; either target may
    /// be empty to skip it.
    /// </summary>
    public static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> weightGrad, Span<float> biasGrad)
    {
        g.Validate(input.Length, weightGrad.IsEmpty ? g.WeightLength : weightGrad.Length, biasGrad.Length, outputGrad.Length);
        if (!biasGrad.IsEmpty)
        {
            AccumulateBiasGrad(g, outputGrad, biasGrad);
        }

        if (weightGrad.IsEmpty)
        {
            return;
        }

        if (g.IsDepthwise)
        {
            DepthwiseConvolution.BackwardWeight(g, input, outputGrad, weightGrad);
            return;
        }

        var blocks = Math.Min(g.N, MaxWeightPartials);
        var partials = ArrayPool<float>.Shared.Rent(blocks * g.WeightLength);
        try
        {
            fixed (float* px = input, pdy = outputGrad, pp = partials)
            {
                var (x, dy, p) = ((nint)px, (nint)pdy, (nint)pp);
                KernelParallel.For(blocks, b => WeightBlock(g, At(x, 0, g.InputLength), At(dy, 0, g.OutputLength), b * g.N / blocks, (b + 1) * g.N / blocks, At(p, b * g.WeightLength, g.WeightLength)));
            }

            for (var b = 0; b < blocks; b++)
            {
                TensorPrimitives.Add(weightGrad, partials.AsSpan(b * g.WeightLength, g.WeightLength), weightGrad);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partials);
        }
    }

    /// <summary>biasGrad[co] += sum over images and positions of outputGrad[n, co]; images summed in order.</summary>
    internal static void AccumulateBiasGrad(Conv2dGeometry g, ReadOnlySpan<float> outputGrad, Span<float> biasGrad)
    {
        for (var co = 0; co < g.Cout; co++)
        {
            var sum = 0f;
            for (var n = 0; n < g.N; n++)
            {
                sum += TensorPrimitives.Sum(outputGrad.Slice(((n * g.Cout) + co) * g.OutPlane, g.OutPlane));
            }

            biasGrad[co] += sum;
        }
    }

    private static Span<float> At(nint pointer, int offset, int length) => new((float*)pointer + offset, length);

    private static void ForwardImage(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
    {
        var columns = g.IsPointwise ? null : ArrayPool<float>.Shared.Rent(g.ColumnRows * g.OutPlane);
        try
        {
            for (var group = 0; group < g.Groups; group++)
            {
                var xg = GroupInput(g, x, group);
                var cols = columns == null ? xg : Expand(g, xg, columns);
                Gemm.Multiply(new GemmLayout(g.OutPerGroup, g.OutPlane, g.ColumnRows), GroupWeight(g, w, group), cols, GroupOutput(g, y, group));
            }

            for (var co = 0; co < bias.Length; co++)
            {
                var plane = y.Slice(co * g.OutPlane, g.OutPlane);
                TensorPrimitives.Add(plane, bias[co], plane);
            }
        }
        finally
        {
            if (columns != null)
            {
                ArrayPool<float>.Shared.Return(columns);
            }
        }
    }

    private static void BackwardDataImage(Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> transposedWeight, Span<float> dx)
    {
        var columns = g.IsPointwise ? null : ArrayPool<float>.Shared.Rent(g.ColumnRows * g.OutPlane);
        try
        {
            for (var group = 0; group < g.Groups; group++)
            {
                var dyg = GroupOutput(g, dy, group);
                var wtg = GroupWeight(g, transposedWeight, group);
                var dxg = GroupInput(g, dx, group);
                if (columns == null)
                {
                    Gemm.Multiply(new GemmLayout(g.ColumnRows, g.OutPlane, g.OutPerGroup, Accumulate: true), wtg, dyg, dxg);
                    continue;
                }

                var cols = columns.AsSpan(0, g.ColumnRows * g.OutPlane);
                Gemm.Multiply(new GemmLayout(g.ColumnRows, g.OutPlane, g.OutPerGroup), wtg, dyg, cols);
                Im2Col.Fold(g, cols, dxg);
            }
        }
        finally
        {
            if (columns != null)
            {
                ArrayPool<float>.Shared.Return(columns);
            }
        }
    }

    /// <summary>partial = sum over images [n0, n1), in order, of dY_g col_g^T for every group.</summary>
    private static void WeightBlock(Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int n0, int n1, Span<float> partial)
    {
        var columns = g.IsPointwise ? null : ArrayPool<float>.Shared.Rent(g.ColumnRows * g.OutPlane);
        var inImage = g.Cin * g.InPlane;
        var outImage = g.Cout * g.OutPlane;
        try
        {
            for (var n = n0; n < n1; n++)
            {
                for (var group = 0; group < g.Groups; group++)
                {
                    var xg = GroupInput(g, x.Slice(n * inImage, inImage), group);
                    var cols = columns == null ? xg : Expand(g, xg, columns);
                    var layout = new GemmLayout(g.OutPerGroup, g.ColumnRows, g.OutPlane, TransposeB: true, Accumulate: n > n0);
                    Gemm.Multiply(layout, GroupOutput(g, dy.Slice(n * outImage, outImage), group), cols, GroupWeight(g, partial, group));
                }
            }
        }
        finally
        {
            if (columns != null)
            {
                ArrayPool<float>.Shared.Return(columns);
            }
        }
    }

    private static ReadOnlySpan<float> Expand(Conv2dGeometry g, ReadOnlySpan<float> groupInput, float[] columns)
    {
        var cols = columns.AsSpan(0, g.ColumnRows * g.OutPlane);
        Im2Col.Expand(g, groupInput, cols);
        return cols;
    }

    private static Span<float> GroupInput(Conv2dGeometry g, Span<float> image, int group) => image.Slice(group * g.InPerGroup * g.InPlane, g.InPerGroup * g.InPlane);

    private static ReadOnlySpan<float> GroupInput(Conv2dGeometry g, ReadOnlySpan<float> image, int group) => image.Slice(group * g.InPerGroup * g.InPlane, g.InPerGroup * g.InPlane);

    private static Span<float> GroupOutput(Conv2dGeometry g, Span<float> image, int group) => image.Slice(group * g.OutPerGroup * g.OutPlane, g.OutPerGroup * g.OutPlane);

    private static ReadOnlySpan<float> GroupOutput(Conv2dGeometry g, ReadOnlySpan<float> image, int group) => image.Slice(group * g.OutPerGroup * g.OutPlane, g.OutPerGroup * g.OutPlane);

    private static Span<float> GroupWeight(Conv2dGeometry g, Span<float> weight, int group) => weight.Slice(group * g.OutPerGroup * g.ColumnRows, g.OutPerGroup * g.ColumnRows);

    private static ReadOnlySpan<float> GroupWeight(Conv2dGeometry g, ReadOnlySpan<float> weight, int group) => weight.Slice(group * g.OutPerGroup * g.ColumnRows, g.OutPerGroup * g.ColumnRows);
}
