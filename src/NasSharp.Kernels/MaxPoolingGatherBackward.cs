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
/// other widths read each output vector under a mask of the row's columns.
/// </summary>
internal static unsafe class MaxPoolingGatherBackward
{
    /// <summary>Whether <paramref name="g"/> takes this path: a 3 x 3 window, stride 1, padding 1.</summary>
    public static bool Applies(Pool2dGeometry g) => Avx512F.VL.IsSupported && g.Kernel == 3 && g.Stride == 1 && g.Padding == 1;

    /// <summary>target[indices[o]] += grads[o] over one plane's outputs (the plane's H x W outputs, indices within it).</summary>
    public static void Plane(Pool2dGeometry g, float* grads, int* indices, float* target)
    {
        if (g.W == 8)
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
    /// vector read with a masked load that gives index -1 for columns outside the row (no fault, no read of another
    /// row), and the inputs stored under the row's mask.
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
                var sum = Avx512F.MaskLoad(target + position, middle.AsSingle(), Vector512<float>.Zero);
                for (var oh = Math.Max(h - 1, 0); oh <= Math.Min(h + 1, height - 1); oh++)
                {
                    var o = (oh * width) + w0;
                    sum = Add(sum, inputs, Avx512F.MaskLoad(indices + o - 1, left, none), Avx512F.MaskLoad(grads + o - 1, left.AsSingle(), Vector512<float>.Zero));
                    sum = Add(sum, inputs, Avx512F.MaskLoad(indices + o, middle, none), Avx512F.MaskLoad(grads + o, middle.AsSingle(), Vector512<float>.Zero));
                    sum = Add(sum, inputs, Avx512F.MaskLoad(indices + o + 1, right, none), Avx512F.MaskLoad(grads + o + 1, right.AsSingle(), Vector512<float>.Zero));
                }

                Avx512F.MaskStore(target + position, middle.AsSingle(), sum);
            }
        }
    }

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
