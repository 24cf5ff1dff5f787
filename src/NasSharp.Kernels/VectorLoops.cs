using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// Fused single-pass loops for the memory-bound kernels (batch norm, pooling): each reads its operands
/// once instead of chaining several <see cref="System.Numerics.Tensors.TensorPrimitives"/> calls through
/// a scratch buffer. Vector256 is wide enough here: the loops are limited by memory, not arithmetic.
/// Sums use a fixed lane-then-tail order, so they depend only on the data.
/// </summary>
internal static unsafe class VectorLoops
{
    private const int Width = 8;

    /// <summary>
    /// sum over i of (x[i] - shift) and of (x[i] - shift)^2 in one pass: the shifted-data variance of Chan, Golub and
    /// LeVeque ("Algorithms for computing the sample variance", 1983, section 3); a shift near the mean keeps the
    /// difference of the two sums free of cancellation, so batch norm reads its input once for both statistics.
    /// </summary>
    public static (float Sum, float SumSquares) ShiftedSums(float* x, int count, float shift)
    {
        var (s0, s1, q0, q1) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        var k = Vector256.Create(shift);
        var i = 0;
        for (; i + (2 * Width) <= count; i += 2 * Width)
        {
            var d0 = Vector256.Load(x + i) - k;
            var d1 = Vector256.Load(x + i + Width) - k;
            (s0, s1) = (s0 + d0, s1 + d1);
            q0 = Vector256.FusedMultiplyAdd(d0, d0, q0);
            q1 = Vector256.FusedMultiplyAdd(d1, d1, q1);
        }

        var (sum, squares) = (Vector256.Sum(s0 + s1), Vector256.Sum(q0 + q1));
        for (; i < count; i++)
        {
            var d = x[i] - shift;
            sum += d;
            squares = MathF.FusedMultiplyAdd(d, d, squares);
        }

        return (sum, squares);
    }

    /// <summary>sum over i of dy[i] and of dy[i] (x[i] - mu) in one pass (batch norm backward's two reductions).</summary>
    public static (float Sum, float Dot) SumAndDotDeviations(float* dy, float* x, int count, float mu)
    {
        var (s0, s1, d0, d1) = (Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero);
        var m = Vector256.Create(mu);
        var i = 0;
        for (; i + (2 * Width) <= count; i += 2 * Width)
        {
            var g0 = Vector256.Load(dy + i);
            var g1 = Vector256.Load(dy + i + Width);
            (s0, s1) = (s0 + g0, s1 + g1);
            d0 = Vector256.FusedMultiplyAdd(g0, Vector256.Load(x + i) - m, d0);
            d1 = Vector256.FusedMultiplyAdd(g1, Vector256.Load(x + i + Width) - m, d1);
        }

        var (sum, dot) = (Vector256.Sum(s0 + s1), Vector256.Sum(d0 + d1));
        for (; i < count; i++)
        {
            sum += dy[i];
            dot = MathF.FusedMultiplyAdd(dy[i], x[i] - mu, dot);
        }

        return (sum, dot);
    }

    /// <summary>
    /// y[i] = x[i] scale + shift (one fused multiply-add); with <paramref name="streaming"/>, a 64-byte-aligned
    /// <paramref name="y"/> and whole 16-float vectors, written with streaming stores (<see cref="StreamingStores"/>).
    /// </summary>
    public static void ScaleShift(float* x, int count, float scale, float shift, float* y, bool streaming = false)
    {
        if (streaming && CanStream(y, count))
        {
            var (s16, t16) = (Vector512.Create(scale), Vector512.Create(shift));
            for (var j = 0; j < count; j += 16)
            {
                Avx512F.StoreAlignedNonTemporal(y + j, Vector512.FusedMultiplyAdd(Vector512.Load(x + j), s16, t16));
            }

            return;
        }

        var (s, t) = (Vector256.Create(scale), Vector256.Create(shift));
        var i = 0;
        for (; i + Width <= count; i += Width)
        {
            Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Load(x + i), s, t), y + i);
        }

        for (; i < count; i++)
        {
            y[i] = MathF.FusedMultiplyAdd(x[i], scale, shift);
        }
    }

    /// <summary>y[i] = relu(x[i] scale + shift): <see cref="ScaleShift"/> then <see cref="ReluOperator"/>, the same bits, one pass (<paramref name="streaming"/> as there).</summary>
    public static void ScaleShiftRelu(float* x, int count, float scale, float shift, float* y, bool streaming = false)
    {
        var relu = default(ReluOperator);
        if (streaming && CanStream(y, count))
        {
            var (s16, t16) = (Vector512.Create(scale), Vector512.Create(shift));
            for (var j = 0; j < count; j += 16)
            {
                Avx512F.StoreAlignedNonTemporal(y + j, relu.Invoke(Vector512.FusedMultiplyAdd(Vector512.Load(x + j), s16, t16)));
            }

            return;
        }

        var (s, t) = (Vector256.Create(scale), Vector256.Create(shift));
        var i = 0;
        for (; i + Width <= count; i += Width)
        {
            Vector256.Store(relu.Invoke(Vector256.FusedMultiplyAdd(Vector256.Load(x + i), s, t)), y + i);
        }

        for (; i < count; i++)
        {
            y[i] = relu.Invoke(MathF.FusedMultiplyAdd(x[i], scale, shift));
        }
    }

    /// <summary>
    /// masked[i] = v &gt; 0 ? dy[i] : 0 with v = x[i] scales[j] + shifts[j] (one fused multiply-add) over
    /// <paramref name="planes"/> consecutive planes of <paramref name="count"/> floats, plane j with its own coefficients:
    /// the gradient of relu(x scale + shift) (<see cref="ScaleShiftRelu"/>), whose output is &gt; 0 exactly where v is
    /// (relu keeps v unless v &lt; 0; NaN and -0 pass neither test), so the mask is the one its output gives
    /// (<see cref="ReluGradientOperator"/>) without reading the output.
    /// </summary>
    public static void ReluMaskOfScaleShift(float* dy, float* x, int planes, int count, float* scales, float* shifts, float* masked)
    {
        if (Vector512.IsHardwareAccelerated && count % 16 == 0)
        {
            // Whole vectors (every NAS-Bench-201 and chain plane): one loop, no remainder tests per plane.
            for (var j = 0; j < planes; j++)
            {
                var (s16, t16) = (Vector512.Create(scales[j]), Vector512.Create(shifts[j]));
                for (long i = (long)j * count, end = i + count; i < end; i += 16)
                {
                    Vector512.ConditionalSelect(ReluPasses(Vector512.Load(x + i), s16, t16), Vector512.Load(dy + i), Vector512<float>.Zero).Store(masked + i);
                }
            }

            return;
        }

        for (var j = 0; j < planes; j++)
        {
            var start = (long)j * count;
            var a = x + start;
            var b = dy + start;
            var m = masked + start;
            var (scale, shift) = (scales[j], shifts[j]);
            var (s8, t8) = (Vector256.Create(scale), Vector256.Create(shift));
            var i = 0;
            for (; i + Width <= count; i += Width)
            {
                var v = Vector256.FusedMultiplyAdd(Vector256.Load(a + i), s8, t8);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), Vector256.Load(b + i), Vector256<float>.Zero).Store(m + i);
            }

            for (; i < count; i++)
            {
                m[i] = MathF.FusedMultiplyAdd(a[i], scale, shift) > 0f ? b[i] : 0f;
            }
        }
    }

    /// <summary>
    /// The batch norm's input gradient for a batch norm fused with its ReLU, in one pass: dx[i] (+)= a[j] m[i] + b[j] x[i]
    /// + c[j] with m[i] the masked dy of <see cref="ReluMaskOfScaleShift"/>, over <paramref name="planes"/> consecutive
    /// planes of <paramref name="count"/> floats: the bits of the mask into a buffer and then <see cref="Affine"/> on it, x
    /// loaded once for both. Planes that are not whole 512-bit vectors (14 x 14 and 7 x 7 on 28 x 28 images) run each
    /// plane's whole vectors, then its last few elements one by one (until session 33 the whole plane ran one by one, 6-8x
    /// slower in the DARTS-space step's profile); every element is the same two fused multiply-adds either way.
    /// Overwriting with <paramref name="streaming"/> writes an aligned dx with streaming stores (as <see cref="Affine"/>).
    /// </summary>
    public static void AffineOfReluMask(float* dx, float* dy, float* x, int planes, int count, float* a, float* b, float* c, float* scales, float* shifts, bool accumulate, bool streaming)
    {
        if (Vector512.IsHardwareAccelerated && count % 16 == 0)
        {
            // Whole vectors (every NAS-Bench-201 and chain plane): each plane of an aligned dx is aligned too.
            var stream = streaming && !accumulate && CanStream(dx, count);
            for (var j = 0; j < planes; j++)
            {
                var (va, vb, vc, vs, vt) = (Vector512.Create(a[j]), Vector512.Create(b[j]), Vector512.Create(c[j]), Vector512.Create(scales[j]), Vector512.Create(shifts[j]));
                for (long i = (long)j * count, end = i + count; i < end; i += 16)
                {
                    var value = AffineOfReluMask(dx + i, dy + i, x + i, va, vb, vc, vs, vt, accumulate);
                    if (stream)
                    {
                        Avx512F.StoreAlignedNonTemporal(dx + i, value);
                    }
                    else
                    {
                        value.Store(dx + i);
                    }
                }
            }

            return;
        }

        for (var j = 0; j < planes; j++)
        {
            var (start, end) = ((long)j * count, ((long)j * count) + count);
            var i = start;
            if (Vector512.IsHardwareAccelerated)
            {
                var (va, vb, vc, vs, vt) = (Vector512.Create(a[j]), Vector512.Create(b[j]), Vector512.Create(c[j]), Vector512.Create(scales[j]), Vector512.Create(shifts[j]));
                for (; i + 16 <= end; i += 16)
                {
                    AffineOfReluMask(dx + i, dy + i, x + i, va, vb, vc, vs, vt, accumulate).Store(dx + i);
                }
            }

            for (; i < end; i++)
            {
                var m = MathF.FusedMultiplyAdd(x[i], scales[j], shifts[j]) > 0f ? dy[i] : 0f;
                dx[i] = MathF.FusedMultiplyAdd(m, a[j], MathF.FusedMultiplyAdd(x[i], b[j], accumulate ? dx[i] + c[j] : c[j]));
            }
        }
    }

    /// <summary>One vector of <see cref="AffineOfReluMask(float*, float*, float*, int, int, float*, float*, float*, float*, float*, bool, bool)"/>: a m + (b x + (dx + c | c)), m = dy where x scale + shift &gt; 0, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> AffineOfReluMask(float* dx, float* dy, float* x, Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> scale, Vector512<float> shift, bool accumulate)
    {
        var xv = Vector512.Load(x);
        var m = Vector512.ConditionalSelect(ReluPasses(xv, scale, shift), Vector512.Load(dy), Vector512<float>.Zero);
        return Vector512.FusedMultiplyAdd(m, a, Vector512.FusedMultiplyAdd(xv, b, accumulate ? Vector512.Load(dx) + c : c));
    }

    /// <summary>x scale + shift &gt; 0 (one fused multiply-add): where relu(x scale + shift) is positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ReluPasses(Vector512<float> x, Vector512<float> scale, Vector512<float> shift) =>
        Vector512.GreaterThan(Vector512.FusedMultiplyAdd(x, scale, shift), Vector512<float>.Zero);

    /// <summary>
    /// dx[i] (+)= a dy[i] + b x[i] + c; overwriting gives the same bits as adding to zeros. Overwriting with
    /// <paramref name="streaming"/> writes dx with streaming stores (as <see cref="ScaleShift"/>).
    /// </summary>
    public static void Affine(float* dx, float* dy, float* x, int count, float a, float b, float c, bool accumulate, bool streaming = false)
    {
        if (streaming && !accumulate && CanStream(dx, count))
        {
            var (a16, b16, c16) = (Vector512.Create(a), Vector512.Create(b), Vector512.Create(c));
            for (var j = 0; j < count; j += 16)
            {
                Avx512F.StoreAlignedNonTemporal(dx + j, Vector512.FusedMultiplyAdd(Vector512.Load(dy + j), a16, Vector512.FusedMultiplyAdd(Vector512.Load(x + j), b16, c16)));
            }

            return;
        }

        var (va, vb, vc) = (Vector256.Create(a), Vector256.Create(b), Vector256.Create(c));
        var i = 0;
        for (; i + Width <= count; i += Width)
        {
            var sum = Vector256.FusedMultiplyAdd(Vector256.Load(x + i), vb, accumulate ? Vector256.Load(dx + i) + vc : vc);
            Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Load(dy + i), va, sum), dx + i);
        }

        for (; i < count; i++)
        {
            dx[i] = MathF.FusedMultiplyAdd(dy[i], a, MathF.FusedMultiplyAdd(x[i], b, accumulate ? dx[i] + c : c));
        }
    }

    /// <summary>
    /// <see cref="Affine"/> of <paramref name="planes"/> consecutive planes of <paramref name="count"/> floats (a multiple
    /// of 16), plane j with a[j], b[j] and c[j]: an image's channels in a batch norm's backward, in one loop for the small
    /// planes (4 x 4 to 8 x 8) where a call per plane cost more than the plane's work. The same values.
    /// </summary>
    public static void AffinePlanes(float* dx, float* dy, float* x, int planes, int count, float* a, float* b, float* c, bool accumulate)
    {
        for (var j = 0; j < planes; j++)
        {
            var (va, vb, vc) = (Vector512.Create(a[j]), Vector512.Create(b[j]), Vector512.Create(c[j]));
            var start = (long)j * count;
            for (var i = start; i < start + count; i += 16)
            {
                var sum = Vector512.FusedMultiplyAdd(Vector512.Load(x + i), vb, accumulate ? Vector512.Load(dx + i) + vc : vc);
                Vector512.FusedMultiplyAdd(Vector512.Load(dy + i), va, sum).Store(dx + i);
            }
        }
    }

    /// <summary>
    /// <see cref="ScaleShift"/> (or <see cref="ScaleShiftRelu"/> with <paramref name="relu"/>) of <paramref name="planes"/>
    /// consecutive planes of <paramref name="count"/> floats (a multiple of 16), plane j with scales[j] and shifts[j]
    /// (as <see cref="AffinePlanes"/>). The same values.
    /// </summary>
    public static void ScaleShiftPlanes(float* x, float* y, int planes, int count, float* scales, float* shifts, bool relu)
    {
        var reluOperator = default(ReluOperator);
        for (var j = 0; j < planes; j++)
        {
            var (s, t) = (Vector512.Create(scales[j]), Vector512.Create(shifts[j]));
            var start = (long)j * count;
            for (var i = start; i < start + count; i += 16)
            {
                var value = Vector512.FusedMultiplyAdd(Vector512.Load(x + i), s, t);
                (relu ? reluOperator.Invoke(value) : value).Store(y + i);
            }
        }
    }

    /// <summary>Whether <see cref="AffinePlanes"/> and <see cref="ScaleShiftPlanes"/> serve planes of <paramref name="count"/> floats.</summary>
    public static bool ServesSmallPlanes(int count) => Vector512.IsHardwareAccelerated && count % 16 == 0 && count <= 64;

    /// <summary>Streaming stores need 512-bit vectors, a cache-line-aligned target and whole vectors.</summary>
    private static bool CanStream(float* y, int count) => Avx512F.IsSupported && ((nint)y & 63) == 0 && count % 16 == 0;

    /// <summary>dst[i] = src[i] for i &lt; count (non-overlapping), inline for the short rows of pooling planes.</summary>
    public static void Copy(float* src, float* dst, int count)
    {
        if (count < Width)
        {
            for (var i = 0; i < count; i++)
            {
                dst[i] = src[i];
            }

            return;
        }

        for (var i = 0; i + Width <= count; i += Width)
        {
            Vector256.Store(Vector256.Load(src + i), dst + i);
        }

        Vector256.Store(Vector256.Load(src + count - Width), dst + count - Width);
    }

    /// <summary>
    /// Stages a plane for stride-1 pooling: dst rows of width + 2 padX, every cell <paramref name="fill"/>
    /// except the H x W interior (starting padY rows and padX columns in), which is <paramref name="src"/>.
    /// </summary>
    public static void PadPlane(float* src, int height, int width, int padY, int padX, float fill, float* dst)
    {
        var stride = width + (2 * padX);
        new Span<float>(dst, (height + (2 * padY)) * stride).Fill(fill);
        for (var h = 0; h < height; h++)
        {
            Copy(src + ((long)h * width), dst + ((long)(h + padY) * stride) + padX, width);
        }
    }
}
