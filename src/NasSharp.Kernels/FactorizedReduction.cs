using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// DARTS's factorized reduction (Liu et al. 2019, "DARTS: Differentiable Architecture Search": the skip connection of a
/// reduction cell and the preprocessing of the cell after one) as one op: y = concat(W1 s0, W2 s1) on the channel axis,
/// with s0 = relu(x)[:, :, 0::2, 0::2], s1 = relu(x)[:, :, 1::2, 1::2] (zero where 2i + 1 passes the end of an odd
/// plane: NAS-Bench-201's padded form of DARTS's x[:, :, 1:, 1:]) and each W a 1x1 convolution to half the output
/// channels. The composed form ran a ReLU, a shifted copy of the whole input (a pad), two strided 1x1 convolutions
/// (each subsampling its input again), a concatenation, and in the backward pass the pad's and the ReLU's gradients as
/// two more passes over the input's size; here one pass subsamples and rectifies each half, and one pass puts both
/// halves' input gradients, masked by the ReLU, into dx.
/// The arithmetic is the composed ops': the same subsampled values reach the same <see cref="Convolution"/> kernels (the
/// weight gradient through <see cref="ConvolutionWeightGradient"/>, as <see cref="PointwiseStridedConvolution"/> sends
/// it), and each input position gets x &gt; 0 ? 0 + its one chain : 0 (0 where no half samples it), added to dx or
/// written, as the ReLU's gradient of the zero-started shifted gradients gives it: the same bits.
/// </summary>
public static unsafe class FactorizedReduction
{
    /// <summary>The geometry of one half: the 1x1 stride-2 convolution of [N, Cin, H, W] to <paramref name="halfChannels"/> channels.</summary>
    public static Conv2dGeometry HalfGeometry(int n, int cin, int h, int w, int halfChannels) => new(n, cin, h, w, halfChannels, 1, 1, 2, 0, 1, 1);

    /// <summary>
    /// output [N, 2 Cout, OutH, OutW] = concat(W1 relu(x)[:, :, 0::2, 0::2], W2 relu(x)[:, :, 1::2, 1::2]) for one half's
    /// geometry <paramref name="g"/> (<see cref="HalfGeometry"/>); each weight is [Cout, Cin].
    /// </summary>
    public static void Forward(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight1, ReadOnlySpan<float> weight2, Span<float> output)
    {
        Check(g, input.Length, weight1.Length, weight2.Length, output.Length);
        var sub = Subsampled(g);
        var half = new Span<float>(KernelScratch.Get(KernelScratch.ReductionHalf, sub.OutputLength), sub.OutputLength);
        for (var shift = 0; shift < 2; shift++)
        {
            Convolution.Forward(sub, Subsample(g, input, shift), shift == 0 ? weight1 : weight2, [], half);
            fixed (float* py = output, ph = half)
            {
                MoveHalf(g, ph, py, shift, intoOutput: true);
            }
        }
    }

    /// <summary>
    /// The gradients given outputGrad: inputGrad (+)= relu'(x) times both halves' W^T dY at the positions they sampled, 0
    /// elsewhere (overwritten without <paramref name="accumulate"/>); weightGrad1 += dY[:, :Cout] s0^T and weightGrad2 +=
    /// dY[:, Cout:] s1^T. Any of the three targets may be empty to skip it. Each half of dY is copied out once for both.
    /// </summary>
    public static void Backward(Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGrad, ReadOnlySpan<float> weight1, ReadOnlySpan<float> weight2, Span<float> inputGrad, bool accumulate, Span<float> weightGrad1, Span<float> weightGrad2)
    {
        Check(g, input.Length, weight1.Length, weight2.Length, outputGrad.Length);
        if ((!inputGrad.IsEmpty && inputGrad.Length != input.Length) || (!weightGrad1.IsEmpty && weightGrad1.Length != g.WeightLength) || (!weightGrad2.IsEmpty && weightGrad2.Length != g.WeightLength))
        {
            throw new ArgumentException($"FactorizedReduction: gradients of {inputGrad.Length}, {weightGrad1.Length} and {weightGrad2.Length} floats for an input of {input.Length} and weights of {g.WeightLength}.");
        }

        var sub = Subsampled(g);
        var half = KernelScratch.Get(KernelScratch.ReductionHalf, sub.OutputLength);
        var sampled = inputGrad.IsEmpty ? null : KernelScratch.Get(KernelScratch.ReductionGradient, 2L * sub.InputLength);
        fixed (float* pdy = outputGrad, pdw1 = weightGrad1, pdw2 = weightGrad2)
        {
            for (var shift = 0; shift < 2; shift++)
            {
                var weightGrad = shift == 0 ? pdw1 : pdw2;
                if (sampled == null && (shift == 0 ? weightGrad1 : weightGrad2).IsEmpty)
                {
                    continue;
                }

                MoveHalf(g, half, pdy, shift, intoOutput: false);
                if (sampled != null)
                {
                    Convolution.BackwardData(sub, new ReadOnlySpan<float>(half, sub.OutputLength), shift == 0 ? weight1 : weight2, new Span<float>(sampled + (shift * (long)sub.InputLength), sub.InputLength), accumulate: false);
                }

                if (!(shift == 0 ? weightGrad1 : weightGrad2).IsEmpty)
                {
                    fixed (float* ps = Subsample(g, input, shift))
                    {
                        ConvolutionWeightGradient.Accumulate(sub, ps, half, weightGrad, null);
                    }
                }
            }
        }

        if (sampled != null)
        {
            Scatter(g, input, sampled, inputGrad, accumulate);
        }
    }

    /// <summary>dx (+)= relu'(x) times the two halves' input gradients (<paramref name="sampled"/>: the first's, then the second's) at the positions they sampled.</summary>
    private static void Scatter(Conv2dGeometry g, ReadOnlySpan<float> input, float* sampled, Span<float> inputGrad, bool accumulate)
    {
        fixed (float* px = input, pdx = inputGrad)
        {
            var second = sampled + ((long)g.N * g.Cin * g.OutPlane);
            KernelParallel.For(g.N * g.Cin, (G: g, X: (nint)px, Dx: (nint)pdx, First: (nint)sampled, Second: (nint)second, Accumulate: accumulate), static (s, plane) =>
            {
                var g = s.G;
                var offset = (long)plane * g.InPlane;
                if (g.W % 16 != 0 && plane + 1 < g.N * g.Cin)
                {
                    // Rows that are not whole vectors are read and written with masks; ask for the next plane first (as
                    // the subsample does).
                    PlanePrefetch.Planes((float*)s.X + offset + g.InPlane, 0, 1, g.InPlane);
                    PlanePrefetch.Planes((float*)s.Dx + offset + g.InPlane, 0, 1, g.InPlane);
                }

                var sampled = (long)plane * g.OutPlane;
                for (var h = 0; h < g.H; h++)
                {
                    var shift = h % 2;
                    var source = (float*)(shift == 0 ? s.First : s.Second) + sampled + ((long)(h / 2) * g.OutW);
                    var at = offset + ((long)h * g.W);
                    ScatterRow(source, (g.W - shift + 1) / 2, shift, (float*)s.X + at, (float*)s.Dx + at, g.W, s.Accumulate);
                }
            });
        }
    }

    private static void Check(Conv2dGeometry g, int input, int weight1, int weight2, int output)
    {
        if (g.KH != 1 || g.KW != 1 || g.Stride != 2 || g.Padding != 0 || g.Dilation != 1 || g.Groups != 1)
        {
            throw new ArgumentException("FactorizedReduction: the geometry must be a 1x1 stride-2 convolution without padding or groups (FactorizedReduction.HalfGeometry).");
        }

        if (input != g.InputLength || weight1 != g.WeightLength || weight2 != g.WeightLength || output != 2 * g.OutputLength)
        {
            throw new ArgumentException($"FactorizedReduction: expected input {g.InputLength}, weights {g.WeightLength} each and output {2 * g.OutputLength} floats, got {input}, {weight1} and {weight2}, {output}.");
        }
    }

    /// <summary>The stride-1 1x1 convolution of a subsample: its planes are the output's size.</summary>
    private static Conv2dGeometry Subsampled(Conv2dGeometry g) => new(g.N, g.Cin, g.OutH, g.OutW, g.Cout, 1, 1, 1, 0, 1, 1);

    /// <summary>
    /// Copies one half's channels of every image between the concatenated [N, 2 Cout, plane] tensor and the contiguous
    /// [N, Cout, plane] half.
    /// </summary>
    private static void MoveHalf(Conv2dGeometry g, float* half, float* whole, int shift, bool intoOutput)
    {
        KernelParallel.For(g.N, (G: g, Half: (nint)half, Whole: (nint)whole, Shift: shift, IntoOutput: intoOutput), static (s, n) =>
        {
            var floats = (long)s.G.Cout * s.G.OutPlane;
            var part = (float*)s.Half + (n * floats);
            var joined = (float*)s.Whole + (((2L * n) + s.Shift) * floats);
            new ReadOnlySpan<float>(s.IntoOutput ? part : joined, (int)floats).CopyTo(new Span<float>(s.IntoOutput ? joined : part, (int)floats));
        });
    }

    /// <summary>relu(x)[:, :, shift::2, shift::2] (0 past the plane) in the calling thread's <see cref="KernelScratch.Subsample"/> slot.</summary>
    private static ReadOnlySpan<float> Subsample(Conv2dGeometry g, ReadOnlySpan<float> input, int shift)
    {
        var length = g.N * g.Cin * g.OutPlane;
        var subsample = KernelScratch.Get(KernelScratch.Subsample, length);
        fixed (float* px = input)
        {
            KernelParallel.For(g.N * g.Cin, (G: g, X: (nint)px, Target: (nint)subsample, Shift: shift), static (s, plane) =>
            {
                var g = s.G;
                var source = new ReadOnlySpan<float>((float*)s.X + ((long)plane * g.InPlane), g.InPlane);
                var target = (float*)s.Target + ((long)plane * g.OutPlane);
                if (g.W % 16 != 0 && plane + 1 < g.N * g.Cin)
                {
                    PlanePrefetch.Planes((float*)s.X + ((long)(plane + 1) * g.InPlane), 0, 1, g.InPlane);
                }

                if (Avx512F.IsSupported)
                {
                    for (var oh = 0; oh < g.OutH; oh++)
                    {
                        var h = (2 * oh) + s.Shift;
                        SubsampleRow(h < g.H ? (float*)s.X + ((long)plane * g.InPlane) + ((long)h * g.W) : null, s.Shift, g.W, target + ((long)oh * g.OutW), g.OutW);
                    }

                    return;
                }

                // Columns 2 ow + shift inside the row; the last one of an odd row's shifted half is past it.
                var columns = (g.W - s.Shift + 1) / 2;
                for (var oh = 0; oh < g.OutH; oh++)
                {
                    var row = new Span<float>(target + ((long)oh * g.OutW), g.OutW);
                    var h = (2 * oh) + s.Shift;
                    if (h >= g.H)
                    {
                        row.Clear();
                        continue;
                    }

                    Im2Col.CopyTaps(source.Slice(h * g.W, g.W), row, 2, s.Shift, 0, columns);
                    row[columns..].Clear();
                }

                Rectify(target, g.OutPlane);
            });
        }

        return new ReadOnlySpan<float>(subsample, length);
    }

    /// <summary>
    /// target[j] = relu(row[2 j + shift]) for j &lt; <paramref name="count"/>, 0 past the row's <paramref name="width"/> (or for
    /// the whole row when <paramref name="row"/> is null): 8 outputs per masked 16-float load and one permute, the row's ends
    /// through masks (the DARTS network's 7- and 14-wide outputs are not whole vectors; per float they ran 10x slower).
    /// </summary>
    private static void SubsampleRow(float* row, int shift, int width, float* target, int count)
    {
        var relu = default(ReluOperator);
        var picks = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
        var lane = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var eight = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        for (var j = 0; j < count; j += 8)
        {
            var first = (2 * j) + shift;
            var values = row == null || first >= width ? Vector512<float>.Zero
                : Avx512F.MaskLoad(row + first, Vector512.LessThan(lane, Vector512.Create(width - first)).AsSingle(), Vector512<float>.Zero);
            var picked = relu.Invoke(Avx512F.PermuteVar16x32(values, picks).GetLower());
            if (j + 8 <= count)
            {
                picked.Store(target + j);
            }
            else
            {
                Avx.MaskStore(target + j, Vector256.LessThan(eight, Vector256.Create(count - j)).AsSingle(), picked);
            }
        }
    }

    /// <summary>x = relu(x) in place (<see cref="ReluOperator"/>, as <c>Ops.Relu</c> computes it).</summary>
    private static void Rectify(float* x, int count)
    {
        var relu = default(ReluOperator);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16)
            {
                relu.Invoke(Vector512.Load(x + i)).Store(x + i);
            }
        }

        for (; i < count; i++)
        {
            x[i] = relu.Invoke(x[i]);
        }
    }

    /// <summary>
    /// One row of dx (+)= x &gt; 0 ? v : 0 with v[2j + shift] = 0 + source[j] for j &lt; <paramref name="valid"/> and 0 at the other
    /// columns (<see cref="ReluGradientOperator"/> decided on x, positive exactly where relu(x) is). With 512-bit vectors 16
    /// columns at a time: 8 gradient values spread to every other lane by one permute, the row's tail through masks.
    /// </summary>
    private static void ScatterRow(float* source, int valid, int shift, float* x, float* dx, int width, bool accumulate)
    {
        var relu = default(ReluGradientOperator);
        if (Avx512F.IsSupported)
        {
            var spread = Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
            var lane = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            var sampledLanes = Vector512.Equals(lane & Vector512<int>.One, Vector512.Create(shift)).AsSingle();
            var eight = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            for (var c = 0; c < width; c += 16)
            {
                var j = c / 2;
                var values = j + 8 <= valid ? Vector256.Load(source + j)
                    : Avx512F.VL.MaskLoad(source + j, Vector256.LessThan(eight, Vector256.Create(valid - j)).AsSingle(), Vector256<float>.Zero);
                var v = Vector512.ConditionalSelect(sampledLanes, Vector512<float>.Zero + Avx512F.PermuteVar16x32(values.ToVector512Unsafe(), spread), Vector512<float>.Zero);
                if (c + 16 <= width)
                {
                    var xv = Vector512.Load(x + c);
                    var masked = relu.Invoke(xv, xv, v);
                    (accumulate ? Vector512.Load(dx + c) + masked : masked).Store(dx + c);
                }
                else
                {
                    var own = Vector512.LessThan(lane, Vector512.Create(width - c)).AsSingle();
                    var xv = Avx512F.MaskLoad(x + c, own, Vector512<float>.Zero);
                    var masked = relu.Invoke(xv, xv, v);
                    Avx512F.MaskStore(dx + c, own, accumulate ? Avx512F.MaskLoad(dx + c, own, Vector512<float>.Zero) + masked : masked);
                }
            }

            return;
        }

        for (var w = 0; w < width; w++)
        {
            // 0 + the chain: the composed form's gradient started every position at zero.
            var value = w % 2 == shift && w / 2 < valid ? 0f + source[w / 2] : 0f;
            var masked = relu.Invoke(x[w], x[w], value);
            dx[w] = accumulate ? dx[w] + masked : masked;
        }
    }
}
