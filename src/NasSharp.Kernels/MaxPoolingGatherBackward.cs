using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The 3 x 3, stride 1, padding 1 max pooling backward (DARTS's normal cells) as a gather: the scatter
/// inputGrad[argmax[o]] += outputGrad[o] over o in order, turned around so that each vector of 16 (or 8) inputs of a row
/// visits the nine outputs whose windows hold it, in increasing o ((-1, -1), (-1, 0), ... (1, 1)), and adds an output's
/// gradient in the lanes whose index it recorded. Every input receives the same additions in the same order as from the
/// scatter, so the bits are the scalar loop's; the scalar loop spent a dependent load, add and store on every output. The
/// outputs left and right of a block come from its neighbours by a lane shift (valignd), with index -1 (which no input
/// has) past the row's ends, so no load leaves the plane. Rows of whole 512-bit vectors, or of 8 with 256-bit ones;
/// other widths read each output vector under a mask of the row's columns. Stride 2 gathers the same way
/// (<see cref="StrideTwo"/>).
/// </summary>
internal static unsafe class MaxPoolingGatherBackward
{
    /// <summary>
    /// Whether <paramref name="g"/> takes this path: a 3 x 3 window, padding 1, stride 1, or stride 2 on rows wider than 8
    /// (from 8 x 8 planes, 4 outputs a row, the gather ran 0.95x as fast as the scatter from memory).
    /// </summary>
    public static bool Applies(Pool2dGeometry g) =>
        Avx512F.VL.IsSupported && g.Kernel == 3 && g.Padding == 1 && (g.Stride == 1 || (g.Stride == 2 && g.W > 8));

    /// <summary>target[indices[o]] += grads[o] over one plane's outputs (indices within the plane).</summary>
    public static void Plane(Pool2dGeometry g, float* grads, int* indices, float* target)
    {
        if (g.Stride == 2)
        {
            StrideTwo(g, grads, indices, target);
        }
        else if (g.W == 8)
        {
            EightWide(g.H, grads, indices, target);
        }
        else if (g.W % 16 == 0)
        {
            Wide(g.H, g.W, grads, indices, target);
        }
        else
        {
            Masked(g.H, g.W, grads, indices, target);
        }
    }

    /// <summary>
    /// Other row widths (28, 14, 7: the Fashion-MNIST planes): blocks of 16 inputs, the last one partial, every output
    /// vector given index -1 for columns outside the row (read with a masked load only where the vector would leave the
    /// plane: no fault), and the inputs stored under the row's mask.
    /// </summary>
    private static void Masked(int height, int width, float* grads, int* indices, float* target)
    {
        var none = Vector512.Create(-1);
        var lanes = Vector512<int>.Indices;
        for (var w0 = 0; w0 < width; w0 += 16)
        {
            // Columns w0 + lane + dw inside the row, for dw = -1, 0, 1 (dw = 0 is also the block's inputs).
            var left = ColumnsInside(lanes + Vector512.Create(w0 - 1), width);
            var middle = ColumnsInside(lanes + Vector512.Create(w0), width);
            var right = ColumnsInside(lanes + Vector512.Create(w0 + 1), width);
            for (var h = 0; h < height; h++)
            {
                var position = (h * width) + w0;
                var inputs = Vector512.Create(position) + lanes;
                var plane = height * width;
                var sum = Load(target + position, middle.AsSingle(), position + 16 <= plane);
                for (var oh = Math.Max(h - 1, 0); oh <= Math.Min(h + 1, height - 1); oh++)
                {
                    var o = (oh * width) + w0;
                    var inside = o >= 1 && o + 17 <= plane;
                    sum = Add(sum, inputs, Vector512.ConditionalSelect(left, Load(indices + o - 1, left, inside), none), Load(grads + o - 1, left.AsSingle(), inside));
                    sum = Add(sum, inputs, Vector512.ConditionalSelect(middle, Load(indices + o, middle, inside), none), Load(grads + o, middle.AsSingle(), inside));
                    sum = Add(sum, inputs, Vector512.ConditionalSelect(right, Load(indices + o + 1, right, inside), none), Load(grads + o + 1, right.AsSingle(), inside));
                }

                Avx512F.MaskStore(target + position, middle.AsSingle(), sum);
            }
        }
    }

    /// <summary>
    /// Stride 2 (the reduction cells): input column w lies in the windows of output columns w / 2 (rounded down) and, when
    /// w is odd, w / 2 + 1, and input row h likewise in one or two output rows; a block of 16 inputs takes both from one
    /// masked load of 16 outputs of the row (the 9 it needs) by two lane permutes, index -1 where an input has no second
    /// output or the output lies past the row. Rows in increasing order, and in each the first column before the second:
    /// the scatter's order.
    /// </summary>
    private static void StrideTwo(Pool2dGeometry g, float* grads, int* indices, float* target)
    {
        var (height, width, outH, outW) = (g.H, g.W, g.OutH, g.OutW);
        var none = Vector512.Create(-1);
        var lanes = Vector512<int>.Indices;
        var first = Vector512.ShiftRightLogical(lanes, 1);
        var second = first + Vector512<int>.One;
        var odd = Vector512.Equals(lanes & Vector512<int>.One, Vector512<int>.One);
        for (var w0 = 0; w0 < width; w0 += 16)
        {
            var inRow = ColumnsInside(lanes + Vector512.Create(w0), width);
            var k0 = w0 / 2;
            var outputs = ColumnsInside(lanes + Vector512.Create(k0), outW);
            for (var h = 0; h < height; h++)
            {
                var position = (h * width) + w0;
                var inputs = Vector512.Create(position) + lanes;
                var sum = Load(target + position, inRow.AsSingle(), position + 16 <= height * width);
                for (var oh = h / 2; oh <= Math.Min((h + 1) / 2, outH - 1); oh++)
                {
                    var o = (oh * outW) + k0;
                    var inside = o + 16 <= outH * outW;
                    var index = Vector512.ConditionalSelect(outputs, Load(indices + o, outputs, inside), none);
                    var grad = Load(grads + o, outputs.AsSingle(), inside);
                    sum = Add(sum, inputs, Avx512F.PermuteVar16x32(index, first), Avx512F.PermuteVar16x32(grad, first));
                    sum = Add(sum, inputs, Vector512.ConditionalSelect(odd, Avx512F.PermuteVar16x32(index, second), none), Avx512F.PermuteVar16x32(grad, second));
                }

                Avx512F.MaskStore(target + position, inRow.AsSingle(), sum);
            }
        }
    }

    /// <summary>
    /// 16 values from <paramref name="address"/>: a plain load when all 16 lie inside the plane (masked loads that miss
    /// the caches ran several times slower from memory on the Zen 5 host), else a masked one (0 outside the mask).
    /// </summary>
    private static Vector512<float> Load(float* address, Vector512<float> mask, bool inside) =>
        inside ? Vector512.Load(address) : Avx512F.MaskLoad(address, mask, Vector512<float>.Zero);

    private static Vector512<int> Load(int* address, Vector512<int> mask, bool inside) =>
        inside ? Vector512.Load(address) : Avx512F.MaskLoad(address, mask, Vector512<int>.Zero);

    /// <summary>Lanes whose column lies in [0, width).</summary>
    private static Vector512<int> ColumnsInside(Vector512<int> columns, int width) =>
        Vector512.GreaterThanOrEqual(columns, Vector512<int>.Zero) & Vector512.LessThan(columns, Vector512.Create(width));

    private static void Wide(int height, int width, float* grads, int* indices, float* target)
    {
        var none = Vector512.Create(-1);
        for (var h = 0; h < height; h++)
        {
            for (var w0 = 0; w0 < width; w0 += 16)
            {
                var position = (h * width) + w0;
                var inputs = Vector512.Create(position) + Vector512<int>.Indices;
                var sum = Vector512.Load(target + position);
                for (var oh = Math.Max(h - 1, 0); oh <= Math.Min(h + 1, height - 1); oh++)
                {
                    var o = (oh * width) + w0;
                    var (index, grad) = (Vector512.Load(indices + o), Vector512.Load(grads + o));
                    var (before, gradBefore) = w0 > 0 ? (Vector512.Load(indices + o - 16), Vector512.Load(grads + o - 16)) : (none, Vector512<float>.Zero);
                    var (after, gradAfter) = w0 + 16 < width ? (Vector512.Load(indices + o + 16), Vector512.Load(grads + o + 16)) : (none, Vector512<float>.Zero);
                    sum = Add(sum, inputs, Avx512F.AlignRight32(index, before, 15), Avx512F.AlignRight32(grad.AsInt32(), gradBefore.AsInt32(), 15).AsSingle());
                    sum = Add(sum, inputs, index, grad);
                    sum = Add(sum, inputs, Avx512F.AlignRight32(after, index, 1), Avx512F.AlignRight32(gradAfter.AsInt32(), grad.AsInt32(), 1).AsSingle());
                }

                sum.Store(target + position);
            }
        }
    }

    private static void EightWide(int height, float* grads, int* indices, float* target)
    {
        var none = Vector256.Create(-1);
        var noGrad = Vector256<int>.Zero;
        for (var h = 0; h < height; h++)
        {
            var position = h * 8;
            var inputs = Vector256.Create(position) + Vector256<int>.Indices;
            var sum = Vector256.Load(target + position);
            for (var oh = Math.Max(h - 1, 0); oh <= Math.Min(h + 1, height - 1); oh++)
            {
                var o = oh * 8;
                var (index, grad) = (Vector256.Load(indices + o), Vector256.Load(grads + o).AsInt32());
                sum = Add(sum, inputs, Avx512F.VL.AlignRight32(index, none, 7), Avx512F.VL.AlignRight32(grad, noGrad, 7).AsSingle());
                sum = Add(sum, inputs, index, grad.AsSingle());
                sum = Add(sum, inputs, Avx512F.VL.AlignRight32(none, index, 1), Avx512F.VL.AlignRight32(noGrad, grad, 1).AsSingle());
            }

            sum.Store(target + position);
        }
    }

    /// <summary>sum + grad in the lanes whose output recorded that lane's input, sum elsewhere.</summary>
    private static Vector512<float> Add(Vector512<float> sum, Vector512<int> inputs, Vector512<int> index, Vector512<float> grad) =>
        Vector512.ConditionalSelect(Vector512.Equals(index, inputs).AsSingle(), sum + grad, sum);

    private static Vector256<float> Add(Vector256<float> sum, Vector256<int> inputs, Vector256<int> index, Vector256<float> grad) =>
        Vector256.ConditionalSelect(Vector256.Equals(index, inputs).AsSingle(), sum + grad, sum);
}
