// Session 33: is the GEMM micro-kernel itself near the FMA peak? Its 8 x 32 loop (copied from GemmMicroKernel.Full512, which
// is internal) runs over packed panels small enough for L1, with a 12 x 32 variant (24 accumulators) for comparison.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
unsafe
{
    foreach (var kc in new[] { 64, 128, 256, 576 })
    {
        var a = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(kc * 8 * 4), 64);
        var b = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(kc * 32 * 4), 64);
        var c = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(8 * 32 * 4), 64);
        for (var i = 0; i < kc * 8; i++) a[i] = 0.001f * (i % 7);
        for (var i = 0; i < kc * 32; i++) b[i] = 0.001f * (i % 5);
        for (var rep = 0; rep < 3; rep++)
        {
            long iters = 200_000_000L / kc;
            var sw = Stopwatch.StartNew();
            for (long i = 0; i < iters; i++) K.Full(a, b, 32, kc, c, 32);
            var s = sw.Elapsed.TotalSeconds;
            var flops = iters * (double)kc * 8 * 32 * 2;
            var s2 = Stopwatch.StartNew();
            for (long i = 0; i < iters; i++) K.Full12(a, b, 32, kc, c, 32);
            var t2 = s2.Elapsed.TotalSeconds;
            Console.WriteLine($"kc={kc} 8x32: {flops / s / 1e9:F1} GFLOP/s   12x32 (same flops/k-step scaled): {iters * (double)kc * 12 * 32 * 2 / t2 / 1e9:F1}");
        }
    }
}
static unsafe class K
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Full(float* a, float* b, int ldb, int kc, float* c, int ldc)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<float>.Zero;
        c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var av = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(av, b0, c40); c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(av, b0, c50); c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(av, b0, c60); c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(av, b0, c70); c71 = Vector512.FusedMultiplyAdd(av, b1, c71);
            a += 8;
            b += ldb;
        }
        c00.Store(c); c01.Store(c + 16); c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16); c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16); c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16); c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
    }

    // 12 rows x 32 (24 accumulators), reads a 8-row panel cyclically just for timing
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Full12(float* a, float* b, int ldb, int kc, float* c, int ldc)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<float>.Zero;
        c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
        c80 = c81 = c90 = c91 = ca0 = ca1 = cb0 = cb1 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var av = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(av, b0, c00); c01 = Vector512.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(av, b0, c10); c11 = Vector512.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(av, b0, c20); c21 = Vector512.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(av, b0, c30); c31 = Vector512.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(av, b0, c40); c41 = Vector512.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(av, b0, c50); c51 = Vector512.FusedMultiplyAdd(av, b1, c51);
            av = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(av, b0, c60); c61 = Vector512.FusedMultiplyAdd(av, b1, c61);
            av = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(av, b0, c70); c71 = Vector512.FusedMultiplyAdd(av, b1, c71);
            av = Vector512.Create(a[0]);
            c80 = Vector512.FusedMultiplyAdd(av, b0, c80); c81 = Vector512.FusedMultiplyAdd(av, b1, c81);
            av = Vector512.Create(a[1]);
            c90 = Vector512.FusedMultiplyAdd(av, b0, c90); c91 = Vector512.FusedMultiplyAdd(av, b1, c91);
            av = Vector512.Create(a[2]);
            ca0 = Vector512.FusedMultiplyAdd(av, b0, ca0); ca1 = Vector512.FusedMultiplyAdd(av, b1, ca1);
            av = Vector512.Create(a[3]);
            cb0 = Vector512.FusedMultiplyAdd(av, b0, cb0); cb1 = Vector512.FusedMultiplyAdd(av, b1, cb1);
            a += 8;
            b += ldb;
        }
        c00.Store(c); c01.Store(c + 16); c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16); c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16); c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16); c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
        (c80 + c81 + c90 + c91 + ca0 + ca1 + cb0 + cb1).Store(c);
    }
}
