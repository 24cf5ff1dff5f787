using System.Numerics.Tensors;

namespace NasSharp.Kernels;

/// <summary>
/// 2-d convolution (cross-correlation, as deep-learning frameworks define it) over NCHW images: the
/// forward pass, the gradient of the input ("backward-data") and the gradients of weight and bias
/// ("backward-weight"). The forward pass, and the input gradient at stride 1, run as an implicit GEMM
/// (<see cref="ImplicitGemmConvolution"/>); the input gradient at other strides is W^T dY per image
/// (<see cref="Gemm"/>) folded back by col2im (<see cref="Im2Col.Fold"/>); the weight gradient is
/// <see cref="ConvolutionWeightGradient"/>. Geometries with one input channel per group go to the
/// direct <see cref="DepthwiseConvolution"/>, 1x1 convolutions of small planes to the batch-wide
/// <see cref="PointwiseBatchedConvolution"/>, strided 1x1 ones to <see cref="PointwiseStridedConvolution"/>. Every
/// path splits work into fixed blocks, so results are bitwise identical for any <see cref="KernelParallel.ThreadCount"/>.
/// Backward methods accumulate.
/// </summary>
public static unsafe class Convolution
{
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

        if (PointwiseBatchedConvolution.Applies(g))
        {
            PointwiseBatchedConvolution.Forward(g, input, weight, bias, output);
            return;
        }

        if (PointwiseStridedConvolution.Applies(g))
        {
            PointwiseStridedConvolution.Forward(g, input, weight, bias, output);
            return;
        }

        fixed (float* px = input, pw = weight, pb = bias, py = output)
        {
            ImplicitGemmConvolution.Forward(g, px, pw, bias.IsEmpty ? null : pb, py);
        }
    }

    /// <summary>
    /// inputGrad += d(loss)/d(input) given outputGrad = d(loss)/d(output): the transposed convolution of outputGrad with
    /// the weight. Without <paramref name="accumulate"/> inputGrad is overwritten instead (the first contribution to a
    /// gradient: no zero fill to read back).
    /// </summary>
    public static void BackwardData(Conv2dGeometry g, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight, Span<float> inputGrad, bool accumulate = true)
    {
        g.Validate(inputGrad.Length, weight.Length, 0, outputGrad.Length);
        if (g.IsDepthwise)
        {
            DepthwiseConvolution.BackwardData(g, outputGrad, weight, inputGrad, accumulate);
            return;
        }

        if (PointwiseBatchedConvolution.Applies(g))
        {
            PointwiseBatchedConvolution.BackwardData(g, outputGrad, weight, inputGrad, accumulate);
            return;
        }

        if (PointwiseStridedConvolution.Applies(g))
        {
            PointwiseStridedConvolution.BackwardData(g, outputGrad, weight, inputGrad, accumulate);
            return;
        }

        fixed (float* pdy = outputGrad, pw = weight, pdx = inputGrad)
        {
            if (g.Stride == 1)
            {
                ImplicitGemmConvolution.BackwardData(g, pdy, pw, pdx, accumulate);
                return;
            }

            KernelParallel.For(g.N, (G: g, Dy: (nint)pdy, W: (nint)pw, Dx: (nint)pdx, Accumulate: accumulate), static (s, n) =>
            {
                if (!s.Accumulate)
                {
                    new Span<float>((float*)s.Dx + ((long)n * s.G.Cin * s.G.InPlane), s.G.Cin * s.G.InPlane).Clear();
                }

                BackwardDataImage(s.G, (float*)s.Dy, (float*)s.W, (float*)s.Dx, n);
            });
        }
    }

    /// <summary>
    /// weightGrad += d(loss)/d(weight) and biasGrad += d(loss)/d(bias) given outputGrad; either target may
    /// be empty to skip it.
    /// </summary>
    public static void BackwardWeight(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, Span<float> weightGrad, Span<float> biasGrad)
    {
        g.Validate(input.Length, weightGrad.IsEmpty ? g.WeightLength : weightGrad.Length, biasGrad.Length, outputGrad.Length);
        if (weightGrad.IsEmpty || g.IsDepthwise || PointwiseBatchedConvolution.Applies(g))
        {
            if (!biasGrad.IsEmpty)
            {
                AccumulateBiasGrad(g, outputGrad, biasGrad);
            }

            if (!weightGrad.IsEmpty && g.IsDepthwise)
            {
                DepthwiseConvolution.BackwardWeight(g, input, outputGrad, weightGrad);
            }
            else if (!weightGrad.IsEmpty)
            {
                PointwiseBatchedConvolution.BackwardWeight(g, input, outputGrad, weightGrad);
            }

            return;
        }

        fixed (float* px = input, pdy = outputGrad, pdw = weightGrad, pdb = biasGrad)
        {
            if (PointwiseStridedConvolution.Applies(g))
            {
                PointwiseStridedConvolution.BackwardWeight(g, input, pdy, pdw, biasGrad.IsEmpty ? null : pdb);
                return;
            }

            ConvolutionWeightGradient.Accumulate(g, px, pdy, pdw, biasGrad.IsEmpty ? null : pdb);
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

    /// <summary>dx[n] += col2im(W_g^T dY_g[n]) for every group: the strided input gradient, one image per block.</summary>
    private static void BackwardDataImage(Conv2dGeometry g, float* dy, float* w, float* dx, int n)
    {
        var columnLength = g.ColumnRows * g.OutPlane;
        var columns = new Span<float>(KernelScratch.Get(KernelScratch.Staging, columnLength), columnLength);
        for (var group = 0; group < g.Groups; group++)
        {
            var dyGroup = new ReadOnlySpan<float>(dy + ((((long)n * g.Cout) + (group * g.OutPerGroup)) * g.OutPlane), g.OutPerGroup * g.OutPlane);
            var wGroup = new ReadOnlySpan<float>(w + ((long)group * g.OutPerGroup * g.ColumnRows), g.OutPerGroup * g.ColumnRows);
            var dxGroup = new Span<float>(dx + ((((long)n * g.Cin) + (group * g.InPerGroup)) * g.InPlane), g.InPerGroup * g.InPlane);
            Gemm.Multiply(new GemmLayout(g.ColumnRows, g.OutPlane, g.OutPerGroup, TransposeA: true), wGroup, dyGroup, columns);
            Im2Col.Fold(g, columns, dxGroup);
        }
    }
}
