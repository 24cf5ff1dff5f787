using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NasSharp.Kernels;

/// <summary>
/// The depthwise convolution and its input gradient at stride 1 with "same" padding on planes of at most 64 floats whose
/// rows are not whole vectors (the 7 x 7 planes of the DARTS network on 28 x 28 images: 3 x 3 and 5 x 5, dilation 1 or
/// 2). Such a plane is read as the flat run of floats it is: output vector v (positions 16 v .. 16 v + 15) takes tap
/// (kh, kw) from the same run shifted by (kh D - P) W + kw D floats, one masked load whose mask keeps the lanes whose
/// source lies inside the plane (the others, the padding, read as zeros), so a tap costs one load and one fused
/// multiply-add per 16 outputs, where the row path (<see cref="DepthwiseStrideOneRows"/>) spent a masked load, permutes
/// and a multiply-add on every 7-float row. Two planes run together (eight independent chains; each mask serves both).
/// On 14 x 14 planes this ran 0.63-0.85x as fast as the row path (13 vectors in groups of four: a mask load beside every
/// data load, so the loads set the pace), so it stops at four vectors.
/// <para>
/// The arithmetic is the row path's, lane for lane: a forward output is the bias (zero without one), then one fused
/// multiply-add per tap in tap order, padding taps included (they add w x 0); an input-gradient position chains from
/// zero over the taps in order with dY at (ih + P - D kh, iw + P - D kw), zeros outside dY, and the sum is added to dx
/// (written when not accumulating), as the row path does on rows that are not whole 8-lane chunks.
/// </para>
/// </summary>
internal static unsafe class DepthwiseFlatPlanes
{
    private const int Lanes = 16;

    /// <summary>Vectors a plane may span.</summary>
    private const int MaxVectors = 4;

    /// <summary>
    /// Whether <see cref="Forward"/> and <see cref="BackwardData"/> take <paramref name="g"/>: depthwise, stride 1, output
    /// the size of the input, rows of 5 to 15 floats other than 8 (no whole vectors), at most 64 floats a plane, at most
    /// 64 taps, 512-bit masked loads.
    /// </summary>
    public static bool Applies(Conv2dGeometry g) =>
        Avx512F.IsSupported && g.IsDepthwise && g.Stride == 1 && g.OutW == g.W && g.OutH == g.H && g.W > 4 && g.W < Lanes &&
        g.W != Lanes / 2 && g.H * g.W <= MaxVectors * Lanes && g.KH * g.KW <= 64;

    /// <summary>
    /// Output planes of input planes [first, end) (index n Cin + ci): y[co, oh, ow] chains w[co, t] x[oh - P + D kh,
    /// ow - P + D kw] over the taps t = (kh, kw) in order, from bias[co] (zero without a bias), zeros in the padding.
    /// </summary>
    public static void Forward(Conv2dGeometry g, float* x, float* w, float* bias, float* y, int first, int end)
    {
        var taps = Taps.Of(g, -g.Padding, g.Dilation);
        var step = g.OutPerGroup == 1 ? 2 : 1;
        for (var plane = first; plane < end; plane += step)
        {
            var input = x + ((long)plane * g.InPlane);
            if (plane + step < g.N * g.Cin)
            {
                PlanePrefetch.Planes(input + (step * g.InPlane), g.InPlane, step, g.InPlane);
            }

            if (step == 2 && plane + 1 < end)
            {
                // One output channel per input channel: output plane = input plane index.
                var (c0, c1) = (plane % g.Cin, (plane + 1) % g.Cin);
                Pair(taps, input, input + g.InPlane, w + ((long)c0 * taps.Count), w + ((long)c1 * taps.Count), bias == null ? 0f : bias[c0], bias == null ? 0f : bias[c1], y + ((long)plane * g.OutPlane), y + ((long)(plane + 1) * g.OutPlane), addTo: false);
                continue;
            }

            for (var p = plane; p < Math.Min(end, plane + step); p++)
            {
                var (n, ci) = Math.DivRem(p, g.Cin);
                for (var j = 0; j < g.OutPerGroup; j++)
                {
                    var co = (ci * g.OutPerGroup) + j;
                    var output = y + ((((long)n * g.Cout) + co) * g.OutPlane);
                    var source = x + ((long)p * g.InPlane);
                    Pair(taps, source, source, w + ((long)co * taps.Count), w + ((long)co * taps.Count), bias == null ? 0f : bias[co], bias == null ? 0f : bias[co], output, null, addTo: false);
                }
            }
        }
    }

    /// <summary>
    /// dx of input planes [first, end) (index n Cin + ci) (+)= the transposed convolution of their output channels' dY:
    /// per output channel, a chain from zero of w[co, t] dY[ih + P - D kh, iw + P - D kw] over the taps t in order (zeros
    /// outside dY), added to dx (written for the first output channel when not <paramref name="accumulate"/>).
    /// </summary>
    public static void BackwardData(Conv2dGeometry g, float* dy, float* w, float* dx, int first, int end, bool accumulate)
    {
        var taps = Taps.Of(g, g.Padding, -g.Dilation);
        var step = g.OutPerGroup == 1 ? 2 : 1;
        for (var plane = first; plane < end; plane += step)
        {
            var target = dx + ((long)plane * g.InPlane);
            if (plane + step < g.N * g.Cin)
            {
                PlanePrefetch.Planes(dy + ((long)(plane + step) * g.OutPerGroup * g.OutPlane), g.OutPerGroup * g.OutPlane, step, g.OutPerGroup * g.OutPlane);
                PlanePrefetch.Planes(target + (step * g.InPlane), g.InPlane, step, g.InPlane);
            }

            if (step == 2 && plane + 1 < end)
            {
                var (c0, c1) = (plane % g.Cin, (plane + 1) % g.Cin);
                Pair(taps, dy + ((long)plane * g.OutPlane), dy + ((long)(plane + 1) * g.OutPlane), w + ((long)c0 * taps.Count), w + ((long)c1 * taps.Count), 0f, 0f, target, target + g.InPlane, accumulate);
                continue;
            }

            for (var p = plane; p < Math.Min(end, plane + step); p++)
            {
                var (n, ci) = Math.DivRem(p, g.Cin);
                for (var j = 0; j < g.OutPerGroup; j++)
                {
                    var co = (ci * g.OutPerGroup) + j;
                    var gradient = dy + ((((long)n * g.Cout) + co) * g.OutPlane);
                    Pair(taps, gradient, gradient, w + ((long)co * taps.Count), w + ((long)co * taps.Count), 0f, 0f, dx + ((long)p * g.InPlane), null, accumulate || j > 0);
                }
            }
        }
    }

    /// <summary>
    /// Two planes: target0 = start0 chained with every tap of source0 and weights0 (or target0 + that chain from zero when
    /// <paramref name="addTo"/>), likewise plane 1; a null <paramref name="target1"/> computes plane 1 and keeps nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pair(Taps taps, float* source0, float* source1, float* weights0, float* weights1, float start0, float start1, float* target0, float* target1, bool addTo)
    {
        var (s0, s1) = (Vector512.Create(start0), Vector512.Create(start1));
        var (a0, a1, a2, a3, b0, b1, b2, b3) = (s0, s0, s0, s0, s1, s1, s1, s1);
        for (var t = 0; t < taps.Count; t++)
        {
            var (u, v) = (Vector512.Create(weights0[t]), Vector512.Create(weights1[t]));
            var offset = taps.Offsets[t];
            var x = source0 + offset;
            var z = source1 + offset;
            var masks = taps.LaneMasks + (t * MaxVectors);
            var m = masks[0];
            a0 = Vector512.FusedMultiplyAdd(u, Load(x, m), a0);
            b0 = Vector512.FusedMultiplyAdd(v, Load(z, m), b0);
            m = masks[1];
            a1 = Vector512.FusedMultiplyAdd(u, Load(x + Lanes, m), a1);
            b1 = Vector512.FusedMultiplyAdd(v, Load(z + Lanes, m), b1);
            m = masks[2];
            a2 = Vector512.FusedMultiplyAdd(u, Load(x + (2 * Lanes), m), a2);
            b2 = Vector512.FusedMultiplyAdd(v, Load(z + (2 * Lanes), m), b2);
            m = masks[3];
            a3 = Vector512.FusedMultiplyAdd(u, Load(x + (3 * Lanes), m), a3);
            b3 = Vector512.FusedMultiplyAdd(v, Load(z + (3 * Lanes), m), b3);
        }

        var valid = taps.LaneMasks + (taps.Count * MaxVectors);
        Store(target0, valid[0], a0, addTo);
        Store(target0 + Lanes, valid[1], a1, addTo);
        Store(target0 + (2 * Lanes), valid[2], a2, addTo);
        Store(target0 + (3 * Lanes), valid[3], a3, addTo);
        if (target1 != null)
        {
            Store(target1, valid[0], b0, addTo);
            Store(target1 + Lanes, valid[1], b1, addTo);
            Store(target1 + (2 * Lanes), valid[2], b2, addTo);
            Store(target1 + (3 * Lanes), valid[3], b3, addTo);
        }
    }

    /// <summary>The lanes of <paramref name="mask"/> loaded from <paramref name="at"/>, zeros elsewhere (no other lane is touched).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load(float* at, Vector512<float> mask) => Avx512F.MaskLoad(at, mask, Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* at, Vector512<float> lanes, Vector512<float> value, bool addTo) =>
        Avx512F.MaskStore(at, lanes, addTo ? Avx512F.MaskLoad(at, lanes, Vector512<float>.Zero) + value : value);

    /// <summary>
    /// Every tap's shift in the flat plane and its lane masks: entry t MaxVectors + v holds the lanes of output vector v
    /// whose source for tap t lies inside the plane (the others read zeros), entry count MaxVectors + v the lanes of
    /// vector v inside the plane (none past it).
    /// The table lives in this thread's <see cref="KernelScratch.DepthwiseTapMasks"/> slot, which nothing else uses, and is
    /// made again only when the geometry changes: a call's blocks of a few planes each then share it.
    /// </summary>
    private readonly ref struct Taps
    {
        [ThreadStatic]
        private static (int H, int W, int KH, int KW, int RowBase, int Step, nint Buffer) made;

        private Taps(int count, int vectors, int* offsets, Vector512<float>* laneMasks)
        {
            Count = count;
            Vectors = vectors;
            Offsets = offsets;
            LaneMasks = laneMasks;
        }

        public int Count { get; }

        public int Vectors { get; }

        public int* Offsets { get; }

        public Vector512<float>* LaneMasks { get; }

        /// <summary>Tap (kh, kw) reads source (oh + rowBase + step kh, ow + rowBase + step kw).</summary>
        public static Taps Of(Conv2dGeometry g, int rowBase, int step)
        {
            var count = g.KH * g.KW;
            var plane = g.H * g.W;
            var vectors = (plane + Lanes - 1) / Lanes;
            var entries = (count + 1) * MaxVectors;
            var buffer = KernelScratch.Get(KernelScratch.DepthwiseTapMasks, ((long)entries * Lanes) + 64);
            var laneMasks = (Vector512<float>*)buffer;
            var offsets = (int*)(buffer + ((long)entries * Lanes));
            var key = (g.H, g.W, g.KH, g.KW, rowBase, step, (nint)buffer);
            if (made == key)
            {
                return new Taps(count, vectors, offsets, laneMasks);
            }

            var bits = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
            for (var t = 0; t <= count; t++)
            {
                var (kh, kw) = t < count ? Math.DivRem(t, g.KW) : (0, 0);
                var (dr, dc) = t < count ? (rowBase + (step * kh), rowBase + (step * kw)) : (0, 0);
                if (t < count)
                {
                    offsets[t] = (dr * g.W) + dc;
                }

                for (var v = 0; v < MaxVectors; v++)
                {
                    var mask = 0;
                    for (var lane = 0; lane < Lanes; lane++)
                    {
                        var (r, c) = Math.DivRem((v * Lanes) + lane, g.W);
                        if (r < g.H && (uint)(r + dr) < (uint)g.H && (uint)(c + dc) < (uint)g.W)
                        {
                            mask |= 1 << lane;
                        }
                    }

                    laneMasks[(t * MaxVectors) + v] = Vector512.GreaterThan(Vector512.Create(mask) & bits, Vector512<int>.Zero).AsSingle();
                }
            }

            made = key;
            return new Taps(count, vectors, offsets, laneMasks);
        }
    }
}
