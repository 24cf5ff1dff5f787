using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NasSharp.Kernels;

namespace NasSharp.Benchmarks.Compute;

/// <summary>
/// The machine's measured fused multiply-add peak: every kernel thread runs a register-only loop of 16 independent
/// 512-bit (or 256-bit) FMA chains, more than latency x throughput of any current core needs, so the loop is bound by
/// the FMA units alone. Counts 2 flops per lane per FMA, as the kernel GFLOP/s columns do; prints the best and the
/// median of the repetitions. This is the denominator of "percent of peak" in the README, measured instead of assumed
/// from a clock and a unit count.
/// Usage: <c>-- --peak [--threads N] [--repeats R (default 10)]</c>.
/// </summary>
public static class FmaPeakDriver
{
    private const int Iterations = 4_000_000;

    public static int Run(IReadOnlyList<string> args)
    {
        var (threads, repeats) = (KernelParallel.ThreadCount, 10);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : -1;
            switch (args[i])
            {
                case "--threads" when value > 0: threads = value; i++; break;
                case "--repeats" when value > 0: repeats = value; i++; break;
                default:
                    Console.Error.WriteLine($"--peak: bad option '{args[i]}' (expected --threads N, --repeats R with positive integers).");
                    return 2;
            }
        }

        KernelParallel.ThreadCount = threads;
        var lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
        var flops = 2.0 * lanes * 16 * Iterations * threads;
        var sink = new float[threads * 16];
        Chains(sink, 0, 1000); // JIT and wake the workers before timing
        var rates = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            KernelParallel.For(threads, sink, static (s, block) => Chains(s, block, Iterations));
            rates.Add(flops / clock.Elapsed.TotalSeconds / 1e9);
        }

        rates.Sort();
        Console.WriteLine($"FMA peak: {threads} thread(s), {lanes}-lane vectors, 16 chains, best and median of {repeats}");
        Console.WriteLine("| threads | best GFLOP/s | median GFLOP/s |");
        Console.WriteLine("|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {threads} | {rates[^1]:F1} | {rates[rates.Count / 2]:F1} |"));
        return sink.Any(float.IsNaN) ? 1 : 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Chains(float[] sink, int block, int iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Chains512(sink, block, iterations);
            return;
        }

        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        Vector256<float> c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (var i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, m, a); c1 = Vector256.FusedMultiplyAdd(c1, m, a); c2 = Vector256.FusedMultiplyAdd(c2, m, a); c3 = Vector256.FusedMultiplyAdd(c3, m, a);
            c4 = Vector256.FusedMultiplyAdd(c4, m, a); c5 = Vector256.FusedMultiplyAdd(c5, m, a); c6 = Vector256.FusedMultiplyAdd(c6, m, a); c7 = Vector256.FusedMultiplyAdd(c7, m, a);
            c8 = Vector256.FusedMultiplyAdd(c8, m, a); c9 = Vector256.FusedMultiplyAdd(c9, m, a); c10 = Vector256.FusedMultiplyAdd(c10, m, a); c11 = Vector256.FusedMultiplyAdd(c11, m, a);
            c12 = Vector256.FusedMultiplyAdd(c12, m, a); c13 = Vector256.FusedMultiplyAdd(c13, m, a); c14 = Vector256.FusedMultiplyAdd(c14, m, a); c15 = Vector256.FusedMultiplyAdd(c15, m, a);
        }

        sink[block * 16] = Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + c12 + c13 + c14 + c15);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Chains512(float[] sink, int block, int iterations)
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-7f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        Vector512<float> c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (var i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a); c2 = Vector512.FusedMultiplyAdd(c2, m, a); c3 = Vector512.FusedMultiplyAdd(c3, m, a);
            c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a); c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a);
            c8 = Vector512.FusedMultiplyAdd(c8, m, a); c9 = Vector512.FusedMultiplyAdd(c9, m, a); c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
            c12 = Vector512.FusedMultiplyAdd(c12, m, a); c13 = Vector512.FusedMultiplyAdd(c13, m, a); c14 = Vector512.FusedMultiplyAdd(c14, m, a); c15 = Vector512.FusedMultiplyAdd(c15, m, a);
        }

        sink[block * 16] = Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + c12 + c13 + c14 + c15);
    }
}
